"""The printed page in the Vietnamese administrative style (Nghị định 30/2020/NĐ-CP): the
letterhead, the signature block, the attendance and help sheets and the team or commune
report, drawn with reportlab in the bundled serif font. No Qt, no database: the laptop reads
its store into `data` records (desktop/printing/reads.py), the central service its tables.

The documents are what the commune files, so they are always in Vietnamese, whatever the
language of the screens.
"""
