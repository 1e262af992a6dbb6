// worksum review page: details of the item under the pointer or focus, legend toggles,
// the outline entry of the section in view. Builds DOM with textContent only.
(function () {
  "use strict";
  var dataNode = document.getElementById("ws-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : { items: [], labels: {} };
  var items = data.items || [];
  var detail = document.getElementById("detail");
  var text = document.getElementById("doc-text");
  var active = [];

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function card(index) {
    var item = items[index];
    var box = el("div", "card k-" + item.kind);
    box.appendChild(el("div", "kind", (data.labels || {})[item.kind] || item.kind));
    box.appendChild(el("div", "quote", "“" + item.text + "”"));
    if (item.fields.length) {
      var list = el("dl");
      item.fields.forEach(function (pair) {
        list.appendChild(el("dt", "", pair[0]));
        list.appendChild(el("dd", "", pair[1]));
      });
      box.appendChild(list);
    }
    return box;
  }

  function marksOf(index) {
    return text.querySelectorAll('mark[data-i="' + index + '"]');
  }

  function setActive(indices) {
    active.forEach(function (i) {
      marksOf(i).forEach(function (m) { m.classList.remove("active"); });
    });
    active = indices;
    active.forEach(function (i) {
      marksOf(i).forEach(function (m) { m.classList.add("active"); });
    });
  }

  function show(mark) {
    // The item under the pointer first, then the items around it.
    var indices = [];
    for (var node = mark; node && node !== text; node = node.parentElement) {
      if (node.tagName === "MARK" && node.dataset.i !== undefined) {
        var i = Number(node.dataset.i);
        if (indices.indexOf(i) < 0 && items[i]) { indices.push(i); }
      }
    }
    if (!indices.length) { return; }
    detail.textContent = "";
    indices.forEach(function (i) { detail.appendChild(card(i)); });
    detail.hidden = false;
    setActive(indices.slice(0, 1));
  }

  function onEnter(event) {
    var mark = event.target.closest ? event.target.closest("mark.ws") : null;
    if (mark && text.contains(mark)) { show(mark); }
  }

  if (text && detail) {
    text.addEventListener("mouseover", onEnter);
    text.addEventListener("focusin", onEnter);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { detail.hidden = true; setActive([]); }
    });
  }

  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
    });
  });

  // Mark the outline entry of the section being read.
  var links = Array.prototype.slice.call(document.querySelectorAll(".outline a[href^='#']"));
  var targets = links.map(function (a) { return document.getElementById(a.getAttribute("href").slice(1)); });
  function current() {
    var best = -1;
    targets.forEach(function (t, k) {
      if (t && t.getBoundingClientRect().top <= 80) { best = k; }
    });
    links.forEach(function (a, k) { a.classList.toggle("current", k === best); });
  }
  if (links.length) {
    window.addEventListener("scroll", current, { passive: true });
    current();
  }
})();
