"""Roster import: parse a .xlsx/.csv export (`parsing`), check it without writing (`validation`),
write it in one transaction (`commit`). Writes go through `services`; reads through `selectors`."""
