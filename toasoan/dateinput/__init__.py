"""Dates typed in the admin: read as the editor meant them, or refused.

Every date, time and date-time field of the admin (pages, snippets, the
schedule-publishing dialog, listing filters, blocks) uses Wagtail's date
picker, which used to write today's date over whatever its one display format
could not read ("2023-07-15" with "d/m/Y"). Here:

- fields.py: the admin's form field of every model date, time and date-time
  field refuses what it cannot read with a message naming the accepted forms;
- static/dateinput/admin-dates.js, on every admin page (wagtail_hooks.py):
  the picker keeps what was typed; what the server reads is rewritten in the
  picker's display format (the same date), anything else is left as typed and
  marked with the same message, never replaced.

The accepted forms are the formats module's (toasoan/formats), whatever the
admin's language: ISO 2023-07-15, and day first 15/7/2023, 15-07-2023,
15.7.2023, with a time after (or before, as the site writes it).
"""
