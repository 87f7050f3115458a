// The live total of the criteria's weights and each weight's share (issue 14). Progressive
// enhancement: the server works out and shows the same figures on every page load, so the form
// works without this script; this only keeps them current while typing and adds rows in place.
(function () {
  'use strict';
  var box = document.querySelector('[data-weights]');
  if (!box) return;
  var body = box.querySelector('tbody');
  var total = box.querySelector('[data-total]');

  function weight(input) {
    var text = input.value.trim();
    if (!/^\d+(\.\d+)?$/.test(text)) return null;
    var w = parseFloat(text);
    return w > 0 ? w : null;
  }

  function update() {
    var inputs = body.querySelectorAll('[data-weight]');
    var sum = 0;
    inputs.forEach(function (i) { sum += weight(i) || 0; });
    total.textContent = String(Math.round(sum * 100) / 100);
    inputs.forEach(function (i) {
      var share = i.closest('tr').querySelector('[data-share]');
      var w = weight(i);
      share.textContent = sum > 0 && w !== null ? (Math.round(w * 1000 / sum) / 10).toFixed(1) + '%' : '';
    });
  }

  body.addEventListener('input', update);

  var add = box.querySelector('[data-add-criterion]');
  if (add) {
    add.textContent = 'Add another criterion';
    add.addEventListener('click', function (e) {
      e.preventDefault();
      var rows = body.querySelectorAll('tr[data-criterion]');
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var n = rows.length;
      copy.querySelectorAll('input, label, output').forEach(function (el) {
        ['id', 'for', 'name'].forEach(function (a) {
          var v = el.getAttribute(a);
          if (v) el.setAttribute(a, v.replace(/\d+/, String(n)));
        });
        if (el.tagName === 'INPUT') { el.value = ''; el.removeAttribute('aria-invalid'); }
        if (el.tagName === 'LABEL') el.textContent = el.textContent.replace(/\d+/, String(n + 1));
        if (el.tagName === 'OUTPUT') el.textContent = '';
      });
      copy.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
      body.appendChild(copy);
      copy.querySelector('input[type=text]').focus();
      update();
    });
  }
  update();
})();
