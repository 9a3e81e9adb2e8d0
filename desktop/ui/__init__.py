"""Qt widgets, dialogs and item models. The only package that imports QtWidgets."""
