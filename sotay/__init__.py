"""The shared core of Sổ tay CNS, imported by the laptop app (desktop/) and the commune's
central service (central/) alike: the domain (records, validation, Vietnamese text rules,
periods, admin units, indicators), the sync protocol, the printed page and report with their
fonts, and the Vietnamese words for stored values.

No Qt, no SQL, no HTTP: what is here runs the same on a village laptop and on a province's
server, so a figure, a name's folding or a printed page can never differ between the two.
"""
