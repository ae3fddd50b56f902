// Draws the report's charts from the numbers already in the page's tables (no second source).
(function () {
  if (typeof Chart === "undefined") return;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  function tableData(table, skipLastColumn) {
    const labels = [...table.querySelectorAll("thead th")].slice(1).map((th) => th.textContent.trim());
    if (skipLastColumn) labels.pop();
    const rows = [...table.querySelectorAll("tbody tr")].map((tr) => ({
      label: tr.querySelector("th").textContent.trim(),
      // a blank cell is a month not yet begun (or not applicable): a gap, never 0
      values: [...tr.querySelectorAll("td")].map((td) =>
        td.textContent.trim() === "" ? null : parseInt(td.textContent, 10) || 0),
    }));
    return { labels, rows };
  }

  const palette = ["#1d5c8c", "#4f8fc0", "#f6a54a", "#6bb36b", "#d9534f", "#9b6bb3", "#8c8c8c"];

  const monthly = document.querySelector("#monthly-table");
  const monthlyCanvas = document.querySelector("#monthly-chart");
  if (monthly && monthlyCanvas) {
    const { labels, rows } = tableData(monthly, false);
    new Chart(monthlyCanvas, {
      type: "line",
      data: {
        labels: rows.map((r) => r.label),
        datasets: labels.map((label, i) => ({
          label, data: rows.map((r) => r.values[i]), borderColor: palette[i], backgroundColor: palette[i],
        })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    });
  }

  const centers = document.querySelector("#activity-table");
  const centersCanvas = document.querySelector("#centers-chart");
  if (centers && centersCanvas) {
    const { labels, rows } = tableData(centers, true);
    new Chart(centersCanvas, {
      type: "bar",
      data: {
        labels: rows.map((r) => r.label),
        datasets: labels.map((label, i) => ({ label, data: rows.map((r) => r.values[i]), backgroundColor: palette[i] })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true } },
      },
    });
  }
})();
