// The console's only script: live refresh of [data-refresh] blocks, dead-letter
// replay behind a confirmation, and reveal of one masked field. It never sees the
// token: the session cookie set at sign-in authenticates every request.

(() => {
  // The session cookie (HttpOnly, set by /login) goes with every same-origin request;
  // an answer that ended at /login means the session ended: the page reloads into it.
  function signedOut(res) {
    return res.redirected && new URL(res.url).pathname === '/login';
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((res) =>
      res.json().then((json) => {
        if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
        return json;
      }),
    );
  }

  // Refreshes each live block from its fragment URL; skipped while the tab is hidden,
  // while a <details> in it is open, or while the operator has chosen entries (checked
  // again when the answer arrives). A session that ended reloads the page into /login.
  function setUpRefresh() {
    var every = Number(document.body.getAttribute('data-refresh-ms')) || 2000;
    document.querySelectorAll('[data-refresh]').forEach((block) => {
      var busy = false;
      setInterval(() => {
        if (busy || document.hidden || block.querySelector('details[open], input:checked')) return;
        busy = true;
        fetch(block.getAttribute('data-refresh'), { headers: { accept: 'text/html' } })
          .then((res) => {
            if (signedOut(res) || res.status === 401) {
              window.location.reload();
              return Promise.reject(new Error('signed out'));
            }
            return res.ok ? res.text() : Promise.reject(new Error(`HTTP ${res.status}`));
          })
          .then((text) => {
            // Opened or chosen while the answer was on its way: keep what the operator is looking at.
            if (block.querySelector('details[open], input:checked')) return;
            block.innerHTML = text;
            block.removeAttribute('data-stale');
          })
          .catch(() => {
            block.setAttribute('data-stale', 'true');
          })
          .finally(() => {
            busy = false;
          });
      }, every);
    });
  }

  function setUpReplay() {
    var dialog = document.getElementById('confirm-replay');
    if (!dialog) return;
    var chosen = null;
    document.addEventListener('click', (ev) => {
      var button = ev.target.closest('[data-replay]');
      if (!button) return;
      var topic = button.getAttribute('data-replay');
      var entries = Array.prototype.map.call(
        document.querySelectorAll(`input[name="entry"][data-dlq="${CSS.escape(topic)}"]:checked`),
        (box) => box.value,
      );
      if (entries.length === 0) {
        alert('Choose the entries to replay first.');
        return;
      }
      chosen = { topic: topic, entries: entries };
      var list = document.getElementById('replay-list');
      list.textContent = '';
      entries.forEach((e) => {
        var li = document.createElement('li');
        li.textContent = `${topic} ${e}`;
        list.appendChild(li);
      });
      document.getElementById('replay-error').textContent = '';
      dialog.showModal();
    });
    document.getElementById('replay-confirm').addEventListener('click', (ev) => {
      ev.preventDefault();
      post('/api/dlq/replay', chosen).then(
        (result) => {
          dialog.close();
          var note = document.createElement('p');
          note.className = 'done';
          note.setAttribute('role', 'status');
          note.textContent =
            `Replayed ${result.replayed.map((r) => `${r.from} → ${r.to} ${r.partition}:${r.offset}`).join(', ') || 'nothing'}` +
            (result.refused?.length
              ? `. Refused ${result.refused.map((r) => `${r.from} → ${r.to}: ${r.reason}`).join('; ')}`
              : '');
          document.querySelector('main h1').after(note);
          document.querySelectorAll('input[name="entry"]:checked').forEach((box) => {
            box.checked = false;
          });
        },
        (err) => {
          document.getElementById('replay-error').textContent = err.message;
        },
      );
    });
  }

  function setUpReveal() {
    document.addEventListener('click', (ev) => {
      var button = ev.target.closest('button.reveal');
      if (!button) return;
      var account = button.getAttribute('data-account');
      var field = button.getAttribute('data-field');
      var selector = `.masked[data-account="${CSS.escape(account)}"][data-field="${CSS.escape(field)}"]`;
      post('/api/reveal', { accountId: account, field: field }).then(
        (result) => {
          var span = document.querySelector(selector);
          span.textContent = result.value;
          span.classList.add('revealed');
          button.remove();
        },
        (err) => {
          var span = document.querySelector(selector);
          span.setAttribute('title', err.message);
          var msg = document.createElement('span');
          msg.className = 'error reveal-error';
          msg.textContent = ` ${err.message}`;
          button.after(msg);
        },
      );
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setUpRefresh();
    setUpReplay();
    setUpReveal();
  });
})();
