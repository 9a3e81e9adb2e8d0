"""The laptop's printing: its store read into the printed records (`reads`), the documents it
offers (`documents`) and the lists' XLSX tables (`table`). The page itself is drawn by the
shared core (sotay/printing), the same for the commune's report."""
