from django.core.management.base import CommandError


def write_report(command, report):
    """Print an import report the same way for every workbook import."""
    for name, summary in report.sheets.items():
        command.stdout.write(
            f"{name}: 新規 {summary.created}件、更新 {summary.updated}件、"
            f"変更なし {summary.unchanged}件"
        )
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
