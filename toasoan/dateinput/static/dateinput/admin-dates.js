// Dates typed in the admin are read as the editor meant them, or refused with
// a message; Wagtail's date picker (jquery.datetimepicker) never replaces them.
//
// On leaving a field, the picker re-reads its text with its one display format
// and writes today's date over anything that format cannot read (2023-07-15
// with d/m/Y); a mouse wheel over some fields changes their date. Every picker
// is made through $.fn.datetimepicker, so it is wrapped here: both are turned
// off, and this file checks the text instead, with the formats the server
// reads (toasoan/dateinput/fields.py puts them in #toasoan-date-input). Text it
// reads is written in the picker's display format (the same date); anything
// else is left as typed, marked invalid, with the message the server gives.
(function ($) {
  "use strict";
  var node = document.getElementById("toasoan-date-input");
  if (!$ || !$.fn.datetimepicker || !node) return;
  var config = JSON.parse(node.textContent);
  var KEY = "toasoanDateInput";

  // strptime, for the directives the formats modules use.
  var DIRECTIVES = { d: "day", m: "month", Y: "year", H: "hour", M: "minute", S: "second", f: "fraction" };
  var DIGITS = { Y: "(\\d{4})", f: "(\\d{1,6})" };

  function compile(format) {
    var names = [];
    var source = "";
    for (var i = 0; i < format.length; i++) {
      var c = format.charAt(i);
      if (c === "%") {
        var directive = format.charAt(++i);
        if (!DIRECTIVES[directive]) return null; // not one this file reads
        names.push(DIRECTIVES[directive]);
        source += DIGITS[directive] || "(\\d{1,2})";
      } else if (/\s/.test(c)) {
        source += "\\s+";
      } else {
        source += c.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
      }
    }
    return { pattern: new RegExp("^" + source + "$", "i"), names: names };
  }

  function exists(v) {
    if (v.year < 1 || v.hour > 23 || v.minute > 59 || v.second > 59) return false;
    var day = new Date(0);
    day.setUTCFullYear(v.year, v.month - 1, v.day);
    return day.getUTCFullYear() === v.year && day.getUTCMonth() === v.month - 1 && day.getUTCDate() === v.day;
  }

  function parse(text, formats) {
    for (var i = 0; i < formats.length; i++) {
      var compiled = compile(formats[i]);
      var match = compiled && compiled.pattern.exec(text);
      if (!match) continue;
      var value = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
      compiled.names.forEach(function (name, k) { value[name] = parseInt(match[k + 1], 10); });
      if (exists(value)) return value;
    }
    return null;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < (width || 2)) s = "0" + s;
    return s;
  }

  // The picker's display format (PHP-style letters, as Wagtail writes it).
  var LETTERS = {
    d: function (v) { return pad(v.day); },
    j: function (v) { return String(v.day); },
    m: function (v) { return pad(v.month); },
    n: function (v) { return String(v.month); },
    Y: function (v) { return pad(v.year, 4); },
    H: function (v) { return pad(v.hour); },
    G: function (v) { return String(v.hour); },
    i: function (v) { return pad(v.minute); },
    s: function (v) { return pad(v.second); }
  };

  function write(value, format) {
    var out = "";
    for (var i = 0; i < format.length; i++) {
      var c = format.charAt(i);
      if (c === "\\") out += format.charAt(++i);
      else if (LETTERS[c]) out += LETTERS[c](value);
      else if (/[a-zA-Z]/.test(c)) return null; // a format this file cannot write
      else out += c;
    }
    return out;
  }

  function mark(input, message) {
    var id = (input.id || input.name) + "-date-error";
    var note = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== id;
    });
    if (!message) {
      if (note) note.remove();
      if (input.dataset.dateInvalid) input.removeAttribute("aria-invalid");
      delete input.dataset.dateInvalid;
    } else {
      if (!note) {
        note = document.createElement("p");
        note.id = id;
        note.className = "error-message";
        note.setAttribute("aria-live", "polite");
        input.insertAdjacentElement("afterend", note);
      }
      note.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.dataset.dateInvalid = "1";
      described.push(id);
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function check() {
    var input = this;
    var state = $(input).data(KEY);
    if (!state) return; // its picker was destroyed
    var kind = config[state.kind];
    var text = input.value.trim();
    if (!text) return mark(input, null);
    var value = parse(text, kind.formats);
    if (!value) return mark(input, kind.invalid);
    var written = write(value, state.format);
    if (written !== null && written !== input.value) input.value = written;
    mark(input, null);
  }

  function kindOf(options) {
    if (options.timepicker === false) return "date";
    if (options.datepicker === false) return "time";
    return "datetime";
  }

  function watch(input, options, defaults) {
    var previous = $(input).data(KEY);
    var state = {
      kind: "timepicker" in options || "datepicker" in options || !previous ? kindOf(options) : previous.kind,
      format: options.format || (previous && previous.format) || defaults.format
    };
    $(input).data(KEY, state);
    if (!input.placeholder) input.placeholder = config[state.kind].placeholder;
    if (!previous) $(input).on("change." + KEY + " blur." + KEY, check);
  }

  var original = $.fn.datetimepicker;
  function guarded(options) {
    var args = Array.prototype.slice.call(arguments);
    if ($.isPlainObject(options)) {
      args[0] = $.extend({}, options, { validateOnBlur: false, scrollInput: false });
      this.filter("input").each(function () { watch(this, args[0], original.defaults); });
    }
    return original.apply(this, args);
  }
  Object.keys(original).forEach(function (name) { guarded[name] = original[name]; });
  $.fn.datetimepicker = guarded;
})(window.jQuery);
