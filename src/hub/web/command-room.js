// The command room (SPEC §7): reads GET /v1/overview with a viewer's token and issues city alerts with
// POST /v1/alerts. No framework; every value is put in the page as text, never as HTML.
(() => {
  'use strict';
  const tokenKey = 'hub.viewerToken';
  /** Every 10 s; every second while a city alert is still pending somewhere. */
  const slowMs = 10_000;
  const fastMs = 1_000;
  const $ = (id) => document.getElementById(id);
  let timer;
  let districtIds = [];
  /** Districts whose buildings are shown: kept open across refreshes. */
  const opened = new Set();

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = message === '';
  }

  function signedIn(yes) {
    $('login').hidden = yes;
    $('room').hidden = !yes;
    $('refresh').hidden = !yes;
    $('signout').hidden = !yes;
  }

  function ago(iso, now) {
    if (!iso) return 'never';
    const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    const when = new Date(iso).toLocaleString();
    if (s < 60) return `${when} (${s} s ago)`;
    if (s < 3600) return `${when} (${Math.round(s / 60)} min ago)`;
    return `${when} (${Math.round(s / 3600)} h ago)`;
  }

  async function api(method, path, body) {
    const token = sessionStorage.getItem(tokenKey);
    if (!token) throw Object.assign(new Error('no token'), { status: 401 });
    const res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
    let json = null;
    try {
      json = await res.json();
    } catch {
      // an answer without JSON: its status says enough
    }
    if (!res.ok) {
      const message = json && typeof json.error === 'string' ? json.error : res.statusText;
      throw Object.assign(new Error(message), { status: res.status });
    }
    return json;
  }

  function refused() {
    sessionStorage.removeItem(tokenKey);
    clearTimeout(timer);
    signedIn(false);
    showError('The hub refused this viewer token (401). Enter a token listed in the hub config.');
    $('token').focus();
  }

  function renderTotals(overview) {
    const totals = $('totals');
    totals.replaceChildren();
    let events = 0;
    const open = { urgent: 0, high: 0, normal: 0 };
    let claimed = 0;
    let silent = 0;
    for (const d of overview.districts) {
      for (const n of Object.values(d.events)) events += n;
      for (const p of Object.keys(open)) open[p] += d.needs.open[p];
      for (const n of Object.values(d.needs.claimed)) claimed += n;
      if (d.silent) silent++;
    }
    const item = (label, value, id, className) => {
      const div = el('div');
      const strong = el('strong', value, className);
      strong.id = id;
      div.append(strong, label);
      totals.append(div);
    };
    item('districts', overview.districts.length, 'total-districts');
    item('silent', silent, 'total-silent', silent > 0 ? 'silent' : '');
    item('events', events, 'total-events');
    item('open urgent', open.urgent, 'total-open-urgent', open.urgent > 0 ? 'silent' : '');
    item('open high', open.high, 'total-open-high');
    item('open normal', open.normal, 'total-open-normal');
    item('claimed', claimed, 'total-claimed');
  }

  function minutes(oldest) {
    if (!oldest) return '—';
    const m = oldest.minutes;
    return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  function surveyed(survey) {
    return survey && survey.households > 0 ? `${survey.answered} of ${survey.households}` : '—';
  }

  /**
   * How many households acknowledged the latest notice, as the district last reported: "12/20 acknowledged"; before its
   * first report the hub knows of none and not how many households there are, and says so.
   */
  function acknowledged(notice) {
    if (!notice) return '—';
    if (notice.acknowledged === null) return '0/? acknowledged';
    return `${notice.acknowledged}/${notice.households} acknowledged`;
  }

  /**
   * A district's buildings: counts, the oldest urgent need's age, missed check-ins, the latest notice and how many
   * households acknowledged it, the survey.
   */
  function renderBuildings(d, now) {
    const details = el('details');
    details.dataset.buildings = d.id;
    details.open = opened.has(d.id);
    details.addEventListener('toggle', () => {
      if (details.open) opened.add(d.id);
      else opened.delete(d.id);
    });
    details.append(el('summary', `${d.buildings.length} building${d.buildings.length === 1 ? '' : 's'}`));
    if (d.buildings.length === 0) return details;
    const table = el('table', null, 'buildings');
    const head = el('tr');
    for (const [text, n] of [
      ['Building', false],
      ['Open urgent', true],
      ['Open high', true],
      ['Open normal', true],
      ['Claimed', true],
      ['Oldest urgent waiting', false],
      ['Check-ins missed today', true],
      ['Latest notice', false],
      ['Acknowledged', false],
      ['Surveyed', false],
    ]) {
      head.append(el('th', text, n ? 'n' : ''));
    }
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    for (const b of d.buildings) {
      const row = el('tr');
      row.dataset.building = b.id;
      const cell = (text, key, className) => {
        const td = el('td', text, className);
        td.dataset.count = key;
        return td;
      };
      const ackCell = (latest) => {
        const td = cell(acknowledged(latest), 'acknowledged');
        if (latest && latest.acknowledged === null)
          td.title = 'No acknowledgement reported yet: the district reports its households with the first one.';
        return td;
      };
      const notice = el('td');
      notice.dataset.count = 'latest-notice';
      if (b.latestNotice) {
        notice.append(el('span', b.latestNotice.level, `level-${b.latestNotice.level}`), ` #${b.latestNotice.id}, `);
        notice.append(ago(b.latestNotice.sentAt, now));
      } else notice.textContent = '—';
      row.append(
        el('td', b.id),
        cell(b.needs.open.urgent, 'open-urgent', 'n'),
        cell(b.needs.open.high, 'open-high', 'n'),
        cell(b.needs.open.normal, 'open-normal', 'n'),
        cell(b.needs.claimed.urgent + b.needs.claimed.high + b.needs.claimed.normal, 'claimed', 'n'),
        cell(minutes(b.oldestUrgent), 'oldest-urgent', b.oldestUrgent ? 'silent' : ''),
        cell(b.checkinsMissedToday, 'checkins-missed', b.checkinsMissedToday > 0 ? 'n silent' : 'n'),
        notice,
        ackCell(b.latestNotice),
        cell(surveyed(b.survey), 'surveyed'),
      );
      body.append(row);
    }
    table.append(body);
    const wrap = el('div', null, 'table');
    wrap.append(table);
    details.append(wrap);
    return details;
  }

  function renderDistricts(overview) {
    const now = Date.parse(overview.at);
    const body = $('districts').tBodies[0];
    body.replaceChildren();
    for (const d of overview.districts) {
      const row = el('tr');
      row.dataset.district = d.id;
      const name = el('td');
      name.append(el('strong', d.name), ` (${d.id}) `);
      name.append(d.silent ? el('span', 'silent', 'silent') : el('span', 'live', 'live'));
      const types = el('ul', null, 'types');
      const entries = Object.entries(d.events).sort(([a], [b]) => a.localeCompare(b));
      for (const [type, n] of entries) {
        const li = el('li', `${type}: ${n}`);
        li.dataset.type = type;
        types.append(li);
      }
      if (entries.length === 0) types.append(el('li', 'none', 'muted'));
      const events = el('td');
      events.append(types);
      const claimed = d.needs.claimed.urgent + d.needs.claimed.high + d.needs.claimed.normal;
      const cell = (text, key) => {
        const td = el('td', text, 'n');
        td.dataset.count = key;
        return td;
      };
      const oldest = cell(minutes(d.oldestUrgent), 'oldest-urgent');
      if (d.oldestUrgent) oldest.className = 'n silent';
      row.append(
        name,
        el('td', ago(d.lastEventAt, now)),
        cell(d.needs.open.urgent, 'open-urgent'),
        cell(d.needs.open.high, 'open-high'),
        cell(d.needs.open.normal, 'open-normal'),
        cell(claimed, 'claimed'),
        oldest,
        cell(d.checkinsMissedToday, 'checkins-missed'),
        cell(surveyed(d.survey), 'surveyed'),
        events,
      );
      const more = el('tr', null, 'district-buildings');
      more.dataset.buildingsOf = d.id;
      const wide = el('td');
      wide.colSpan = 10;
      wide.append(renderBuildings(d, now));
      more.append(wide);
      body.append(row, more);
    }
  }

  function renderDistrictChoice(overview) {
    const ids = overview.districts.map((d) => d.id);
    if (ids.join('\n') === districtIds.join('\n')) return;
    districtIds = ids;
    const fieldset = $('alert-districts');
    for (const label of [...fieldset.querySelectorAll('label')]) label.remove();
    for (const d of overview.districts) {
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.name = 'district';
      box.value = d.id;
      label.append(box, ` ${d.name} (${d.id})`);
      fieldset.append(label);
    }
  }

  function renderAlerts(overview) {
    const body = $('alerts').tBodies[0];
    body.replaceChildren();
    $('no-alerts').hidden = overview.alerts.length > 0;
    $('alerts').hidden = overview.alerts.length === 0;
    for (const alert of overview.alerts) {
      const deliveries = alert.districts.length > 0 ? alert.districts : [null];
      deliveries.forEach((d, i) => {
        const row = el('tr');
        row.dataset.alert = alert.id;
        if (d) row.dataset.district = d.id;
        if (i === 0) {
          const span = deliveries.length;
          for (const td of [
            el('td', new Date(alert.createdAt).toLocaleString()),
            el('td', alert.level, `level-${alert.level}`),
            el('td', alert.sentBy),
          ]) {
            td.rowSpan = span;
            row.append(td);
          }
        }
        if (!d) {
          row.append(el('td', '—'), el('td', 'no district'), el('td', ''), el('td', ''));
        } else {
          const status = el('td', d.status, `status-${d.status}`);
          status.dataset.status = d.status;
          if (d.lastError) status.title = d.lastError;
          if (d.status !== 'delivered' && d.lastError) status.append(el('div', d.lastError, 'muted'));
          const reached = d.reached
            ? `${d.reached.delivered} of ${d.reached.buildings} buildings${d.reached.failed ? `, ${d.reached.failed} failed` : ''}`
            : d.status === 'delivered'
              ? 'awaiting the district\u2019s report'
              : '';
          row.append(el('td', d.id), status, el('td', d.attempts, 'n'), el('td', reached));
        }
        body.append(row);
      });
    }
  }

  async function load() {
    clearTimeout(timer);
    let pending = false;
    try {
      const overview = await api('GET', '/v1/overview');
      showError('');
      signedIn(true);
      $('city').textContent = overview.city;
      $('updated').textContent = `updated ${new Date(overview.at).toLocaleTimeString()}`;
      renderTotals(overview);
      renderDistricts(overview);
      renderDistrictChoice(overview);
      renderAlerts(overview);
      pending = overview.alerts.some((a) => a.districts.some((d) => d.status === 'pending'));
    } catch (err) {
      if (err.status === 401) return refused();
      showError(`The hub did not answer the overview: ${err.message}. Trying again.`);
    }
    timer = setTimeout(load, pending ? fastMs : slowMs);
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(tokenKey, token);
    $('token').value = '';
    load();
  });

  $('refresh').addEventListener('click', () => load());

  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(tokenKey);
    clearTimeout(timer);
    showError('');
    signedIn(false);
  });

  $('alert-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const level = $('level').value;
    const text = $('text').value.trim();
    const districts = [...document.querySelectorAll('#alert-districts input:checked')].map((b) => b.value);
    const to = districts.length === 0 ? `all ${districtIds.length} districts` : districts.join(', ');
    const result = $('alert-result');
    if (!text) return;
    if (!window.confirm(`Issue a ${level.toUpperCase()} city alert to ${to}?\n\n${text}`)) return;
    $('send-alert').disabled = true;
    result.className = '';
    result.textContent = 'Sending…';
    try {
      const answer = await api('POST', '/v1/alerts', { level, text, ...(districts.length ? { districts } : {}) });
      result.textContent = `Alert ${answer.id} recorded for ${answer.districts.join(', ')}: delivery below.`;
      result.dataset.alert = answer.id;
      $('text').value = '';
      for (const box of document.querySelectorAll('#alert-districts input:checked')) box.checked = false;
    } catch (err) {
      if (err.status === 401) return refused();
      result.className = 'error';
      result.textContent = `Not issued: ${err.message}`;
    } finally {
      $('send-alert').disabled = false;
    }
    load();
  });

  if (sessionStorage.getItem(tokenKey)) load();
  else signedIn(false);
})();
