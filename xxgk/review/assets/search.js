/* The review site's search: filters the flagged reports the search/NNNN.js files add.
   Plain script, no library, nothing fetched: it runs from a folder as from a web server.
   Results are built with DOM methods (textContent), never as markup. */
(function () {
  "use strict";
  var rows = [];
  var LIMIT = 200;
  // a row: [report_id, agency, year, status, era, level, sector, checks, review, region]
  var COLUMNS = { status: 3, era: 4, level: 5, sector: 6, review: 8 };
  window.xxgkReview = {
    add: function (chunk) { Array.prototype.push.apply(rows, chunk); }
  };

  function field(form, name) {
    var el = form.elements[name];
    return el ? el.value.trim() : "";
  }

  function matches(row, f) {
    if (f.year && String(row[2]) !== f.year) { return false; }
    if (f.check && row[7].indexOf(f.check) < 0) { return false; }
    for (var name in COLUMNS) {
      var wanted = f[name];
      if (wanted && (row[COLUMNS[name]] === null ? "unknown" : row[COLUMNS[name]]) !== wanted) {
        return false;
      }
    }
    if (f.q) {
      var hay = [row[0], row[1] || "", row[9] || ""].join(" ").toLowerCase();
      if (hay.indexOf(f.q.toLowerCase()) < 0) { return false; }
    }
    return true;
  }

  function cell(tr, text, className) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (className) { td.className = className; }
    tr.appendChild(td);
    return td;
  }

  function show(form) {
    var f = { q: field(form, "q"), year: field(form, "year"), check: field(form, "check") };
    for (var name in COLUMNS) { f[name] = field(form, name); }
    var body = document.getElementById("results");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var found = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (!matches(row, f)) { continue; }
      found++;
      if (found > LIMIT) { continue; }
      var tr = document.createElement("tr");
      tr.className = row[3];
      cell(tr, row[3], "status");
      var link = document.createElement("a");
      link.href = "reports/" + encodeURIComponent(row[0]) + ".html";
      link.textContent = row[1] || "(agency unknown)";
      cell(tr, "").appendChild(link);
      cell(tr, row[2]); cell(tr, row[4]); cell(tr, row[5]); cell(tr, row[6]);
      cell(tr, row[7].join(" "), "checks"); cell(tr, row[8]);
      body.appendChild(tr);
    }
    document.getElementById("count").textContent = found + " of " + rows.length +
      " flagged reports match" + (found > LIMIT ? " (the first " + LIMIT + " shown)" : "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("filters");
    if (!form) { return; }
    // search.html?check=table3.balance_identity&year=2021 opens with those filters
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (value, name) {
      if (form.elements[name]) { form.elements[name].value = value; }
    });
    form.addEventListener("input", function () { show(form); });
    form.addEventListener("change", function () { show(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); show(form); });
    show(form);
  });
}());
