// What a person would see as broken on a page (issue 18): a pick-list narrower than its longest
// choice, a card, cell or field whose content sticks out, a person's name broken over two lines.
// Returns the problems as sentences; tests/browser/test_layout.py runs it.
const problems = [];
const ctx = document.createElement("canvas").getContext("2d");
document.querySelectorAll("main select:not([multiple])").forEach((select) => {
  if (!select.offsetParent) { return; }
  const style = getComputedStyle(select);
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...Array.from(select.options, (o) => ctx.measureText(o.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 18;
  if (widest > room) { problems.push(`select ${select.name} cuts its options: ${Math.round(widest)}px text in ${Math.round(room)}px`); }
});
document.querySelectorAll("main .card, main td, main th, main .field").forEach((box) => {
  if (!box.offsetParent) { return; }
  if (box.scrollWidth > box.clientWidth + 2) {
    problems.push(`${box.tagName.toLowerCase()}.${box.className} overflows (${box.scrollWidth} > ${box.clientWidth}): ${box.textContent.trim().slice(0, 30)}`);
  }
  const right = box.getBoundingClientRect().right;
  box.querySelectorAll("input, select, textarea, summary, button").forEach((inner) => {
    if (inner.offsetParent && inner.getBoundingClientRect().right > right + 1) {
      problems.push(`${inner.tagName.toLowerCase()} ${inner.name || inner.textContent.trim().slice(0, 20)} sticks out of ${box.tagName.toLowerCase()}.${box.className}`);
    }
  });
});
document.querySelectorAll("main .person").forEach((name) => {
  if (name.getClientRects().length > 1) { problems.push(`name wraps: ${name.textContent}`); }
});
return problems;
