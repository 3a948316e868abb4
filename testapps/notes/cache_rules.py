"""What a note's page shows and what a note's change purges."""

from toasoan.pagecache import rules, tags

from .models import NotePage

ALL_NOTES = tags.listing("note", "all")


def note_tags(note, *args):
    """Its own page, and every list of notes (a new note enters them all)."""
    return (tags.page(note.pk), ALL_NOTES)


def register():
    rules.page(NotePage, shows=note_tags, published=note_tags, gone=note_tags)
