def pytest_terminal_summary(terminalreporter):
    """The permission matrix's count, when its tests ran."""
    from .matrix import TALLY

    if TALLY.checked:
        terminalreporter.section("permission matrix")
        for line in TALLY.summary():
            terminalreporter.write_line(line)
