"""Printed documents in the Vietnamese administrative style (Nghị định 30/2020/NĐ-CP):
attendance sheets, help sign-off sheets, the team report (PDF and XLSX). No Qt.

The documents are what the commune files, so they are always in Vietnamese, whatever the
language of the screens.
"""
