"""Parts of bench/search_known_items.py: the corpus (real Vietnamese text
from a Debian package), the known-item queries made from it, and their run
against one database."""
