from io import StringIO

from articles.importers.progress import ProgressBar


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_on_a_terminal_and_ends_the_line():
    terminal = Terminal()
    progress = ProgressBar(200, terminal)

    progress(100)
    progress(200)
    progress.close()

    lines = terminal.getvalue().split("\r")
    assert "[###############---------------]  50%" in lines[1]
    assert "[##############################] 100%" in lines[2]
    assert terminal.getvalue().endswith("\n")


def test_progress_stays_out_of_files_and_pipes():
    log = StringIO()
    progress = ProgressBar(200, log)

    progress(200)
    progress.close()

    assert log.getvalue() == ""
