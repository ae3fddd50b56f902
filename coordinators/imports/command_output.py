from django.core.management.base import CommandError


def write_report(command, report):
    """Print an import report the same way for every workbook import."""
    for name, counts in report.rows():
        parts = "、".join(f"{label} {n}件" for label, n in zip(report.labels, counts, strict=True))
        command.stdout.write(f"{name}: {parts}")
    for name in report.ignored_sheets:
        command.stdout.write(f"読み飛ばしたシート: {name}")
    if report.errors:
        for problem in report.errors:
            command.stderr.write(str(problem))
        raise CommandError(f"{len(report.errors)}件の誤りがあるため、何も保存していません。")
    if report.dry_run:
        command.stdout.write(
            command.style.WARNING("確認のみ（--dry-run）のため、保存していません。")
        )
    else:
        command.stdout.write(command.style.SUCCESS("取り込みました。"))
