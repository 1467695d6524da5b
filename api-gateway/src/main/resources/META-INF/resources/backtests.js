/*
 * Sextant dashboard, Backtests page (#backtests): start a backtest (POST /api/v1/backtests), list the runs with a
 * live progress bar (backtest_progress / backtest_done on /ws, relayed by dashboard.js as 'sextant:message' events),
 * and show a finished run's figures beside buy-and-hold and always-long with a link to its full report.
 * Plain JS, no build; formatting and the figures table come from dashboard.js (window.Sextant).
 */
(function () {
  'use strict';

  const S = window.Sextant;
  const $ = S.$;
  // a few of the risk settings in the form; the API takes them all (GET /backtests/options lists them)
  const FORM_SETTINGS = ['confidence-threshold', 'risk-per-trade', 'stop-atr-multiple', 'reward-risk-ratio', 'max-daily-loss'];
  const FIGURE_KEYS = ['totalReturn', 'maxDrawdown', 'sharpe', 'winRate', 'profitFactor', 'trades', 'feesPaid'];

  const state = {
    runs: new Map(),   // id -> run view
    selected: null,    // id of the run shown in #bt-detail
    listRefresh: null,
  };

  // ---------- pages ----------

  function showPage() {
    const page = window.location.hash === '#backtests' ? 'backtests' : 'live';
    $('page-live').hidden = page !== 'live';
    $('page-backtests').hidden = page !== 'backtests';
    document.querySelectorAll('.tab').forEach((tab) => {
      if (tab.dataset.page === page) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    });
    if (page === 'backtests') loadRuns();
  }

  // ---------- formatting ----------

  function day(iso) {
    return iso ? iso.slice(0, 10) : '—';
  }

  // the range as asked: days when both ends are midnight UTC, else times
  function range(request) {
    const midnight = (iso) => iso.slice(10) === 'T00:00:00Z';
    if (midnight(request.from) && midnight(request.to)) return day(request.from) + ' → ' + day(request.to);
    return S.fmtTime(request.from) + ' → ' + S.fmtTime(request.to);
  }

  function statusText(run) {
    if (run.status === 'RUNNING') {
      const phase = { loading: 'loading candles', strategy: 'strategy', alwaysLong: 'baselines', writing: 'writing report' }[run.phase];
      return 'RUNNING ' + Math.round(run.progress * 100) + '%' + (phase ? ' · ' + phase : '');
    }
    return run.status;
  }

  // One plain sentence on the strategy: lost money, did worse than buy-and-hold, or neither.
  function verdict(figures) {
    const s = figures.strategy;
    const hold = figures.buyAndHold;
    const holdText = hold ? S.fmtPct(hold.totalReturn, true) : null;
    const trails = hold && s.totalReturn < hold.totalReturn;
    if (s.losesMoney) {
      let text = 'The strategy lost money: equity fell from ' + S.fmtMoney(s.initialEquity) + ' to '
        + S.fmtMoney(s.finalEquity) + ' (' + S.fmtPct(s.totalReturn, true) + ').';
      if (trails) text += ' It also did worse than buy-and-hold, which returned ' + holdText + '.';
      else if (hold) text += ' Buy-and-hold returned ' + holdText + '.';
      return { text, bad: true };
    }
    if (trails) {
      return {
        text: 'The strategy did worse than buy-and-hold: it returned ' + S.fmtPct(s.totalReturn, true) + ' against '
          + holdText + ' for simply buying and holding.',
        bad: true,
      };
    }
    return {
      text: 'The strategy returned ' + S.fmtPct(s.totalReturn, true) + (hold ? ', at least as much as buy-and-hold (' + holdText + ')' : '') + '.',
      bad: false,
    };
  }

  // ---------- the form ----------

  async function loadOptions() {
    const options = await S.getJson('/backtests/options');
    const symbols = $('bt-symbols');
    symbols.replaceChildren();
    // The form runs backtests on the default interval (1h): one box per symbol bundled at that interval.
    const data = options.data.filter((d) => d.interval === options.defaultInterval);
    data.forEach((d, i) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'symbol';
      box.value = d.symbol;
      box.id = 'bt-symbol-' + d.symbol;
      box.dataset.testid = 'bt-symbol-' + d.symbol;
      box.checked = i === 0;
      label.title = d.interval + ' candles from ' + day(d.first) + ' to ' + day(d.last);
      label.append(box, document.createTextNode(d.symbol));
      symbols.appendChild(label);
    });
    if (data.length) {
      const first = data.map((d) => d.first).sort()[0];
      const last = data.map((d) => d.last).sort().slice(-1)[0];
      ['bt-from', 'bt-to'].forEach((id) => {
        $(id).min = day(first);
        $(id).max = day(last);
      });
    }
    if (!$('bt-from').value) $('bt-from').value = '2024-01-01';
    if (!$('bt-to').value) $('bt-to').value = '2024-04-01';

    const strategy = $('bt-strategy');
    strategy.replaceChildren();
    options.strategies.forEach((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      option.selected = name === options.defaultStrategy;
      strategy.appendChild(option);
    });

    const settings = $('bt-settings');
    settings.replaceChildren();
    FORM_SETTINGS.filter((name) => name in options.settings).forEach((name) => {
      const label = document.createElement('label');
      label.className = 'bt-field';
      label.textContent = name;
      const input = document.createElement('input');
      input.type = 'number';
      input.step = 'any';
      input.id = 'bt-set-' + name;
      input.dataset.setting = name;
      input.dataset.testid = 'bt-set-' + name;
      input.placeholder = options.settings[name];
      const error = document.createElement('span');
      error.className = 'field-error';
      error.dataset.field = 'settings.' + name;
      label.append(input, error);
      settings.appendChild(label);
    });
    $('bt-capital').placeholder = options.capital;
    $('bt-slippage').placeholder = options.slippage;
    $('bt-taker-fee').placeholder = options.takerFee;
  }

  function requestBody() {
    const body = {
      symbols: Array.from(document.querySelectorAll('#bt-symbols input[name="symbol"]:checked')).map((b) => b.value),
      interval: '1h',
      from: $('bt-from').value,
      to: $('bt-to').value,
      strategy: $('bt-strategy').value,
    };
    const settings = {};
    document.querySelectorAll('#bt-settings input[data-setting]').forEach((input) => {
      if (input.value !== '') settings[input.dataset.setting] = input.value;
    });
    if (Object.keys(settings).length) body.settings = settings;
    [['capital', 'bt-capital'], ['slippage', 'bt-slippage'], ['takerFee', 'bt-taker-fee']].forEach(([field, id]) => {
      if ($(id).value !== '') body[field] = $(id).value;
    });
    return body;
  }

  function showFieldErrors(fields) {
    document.querySelectorAll('#bt-form .field-error').forEach((el) => {
      el.textContent = (fields && fields[el.dataset.field]) || '';
    });
    document.querySelectorAll('#bt-form .invalid').forEach((el) => el.classList.remove('invalid'));
    Object.keys(fields || {}).forEach((field) => {
      const input = document.querySelector('#bt-form [name="' + field + '"], #bt-form [data-setting="' + field.replace('settings.', '') + '"]');
      if (input) input.classList.add('invalid');
    });
  }

  async function submit(event) {
    event.preventDefault();
    const message = $('bt-message');
    const button = $('bt-submit');
    button.disabled = true;
    message.textContent = 'starting…';
    showFieldErrors(null);
    try {
      const response = await fetch(S.API + '/backtests', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(requestBody()),
      });
      const body = await response.json();
      if (response.status === 202) {
        message.textContent = 'started ' + body.id;
        upsert(body);
        select(body.id);
      } else {
        showFieldErrors(body.fields);
        message.textContent = response.status === 400 ? 'not started: fix the fields marked in red'
          : 'not started: ' + body.message;
        if (response.status === 400 && body.fields && body.fields.body) message.textContent = body.message;
      }
    } catch (e) {
      message.textContent = 'not started: ' + e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---------- the runs ----------

  async function loadRuns() {
    try {
      const runs = await S.getJson('/backtests?limit=200');
      // merged, never replacing an ended run by an older answer (the list may have been read before its backtest_done)
      (runs || []).forEach(merge);
      renderRuns();
      if (!state.selected || !state.runs.has(state.selected)) {
        const done = (runs || []).find((r) => r.status === 'DONE');
        if (done) select(done.id);
      } else {
        renderDetail();
      }
    } catch (e) {
      console.warn('backtests refresh failed', e);
    }
  }

  function scheduleListRefresh() {
    if (state.listRefresh) return;
    state.listRefresh = setTimeout(() => {
      state.listRefresh = null;
      loadRuns();
    }, 500);
  }

  function ended(run) {
    return Boolean(run) && (run.status === 'DONE' || run.status === 'FAILED');
  }

  // Keeps `run` unless an ended state of it is known already (a late answer or progress message after backtest_done).
  function merge(run) {
    if (ended(state.runs.get(run.id)) && !ended(run)) return false;
    state.runs.set(run.id, run);
    return true;
  }

  function upsert(run) {
    if (!merge(run)) return;
    renderRuns();
    if (run.id === state.selected) renderDetail();
  }

  function sortedRuns() {
    return Array.from(state.runs.values()).sort((a, b) => (b.createdAt + b.id).localeCompare(a.createdAt + a.id));
  }

  function renderRuns() {
    const tbody = document.querySelector('#bt-runs tbody');
    tbody.replaceChildren();
    const runs = sortedRuns();
    runs.forEach((run) => {
      const tr = document.createElement('tr');
      tr.dataset.runId = run.id;
      tr.dataset.status = run.status;
      tr.dataset.testid = 'bt-run-row';
      if (run.id === state.selected) tr.classList.add('selected');
      const cell = (text, cls) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
        return td;
      };
      cell(S.fmtTime(run.createdAt)).title = run.id;
      cell(run.request.strategy);
      cell(run.request.symbols.join(', '));
      cell(range(run.request));
      const status = cell('', 'status-cell');
      const text = document.createElement('div');
      text.className = 'status-text';
      text.textContent = statusText(run);
      if (run.error) text.title = run.error;
      const bar = document.createElement('div');
      bar.className = 'progress';
      const fill = document.createElement('div');
      fill.className = 'progress-fill';
      fill.style.width = Math.round((run.status === 'DONE' ? 1 : run.progress) * 100) + '%';
      bar.appendChild(fill);
      status.append(text, bar);
      const f = run.figures;
      const ret = cell(f ? S.fmtPct(f.strategy.totalReturn, true) : '', 'num');
      if (f && f.strategy.totalReturn < 0) ret.classList.add('neg');
      if (f && f.strategy.totalReturn > 0) ret.classList.add('pos');
      const hold = cell(f && f.buyAndHold ? S.fmtPct(f.buyAndHold.totalReturn, true) : '', 'num');
      if (f && f.buyAndHold && f.buyAndHold.totalReturn < 0) hold.classList.add('neg');
      const links = cell('');
      if (run.links && run.links.report) {
        const a = document.createElement('a');
        a.href = run.links.report;
        a.target = '_blank';
        a.rel = 'noopener';
        a.textContent = 'report';
        a.addEventListener('click', (e) => e.stopPropagation());
        links.appendChild(a);
      }
      tr.addEventListener('click', () => select(run.id));
      tbody.appendChild(tr);
    });
    $('bt-runs-empty').hidden = runs.length > 0;
    $('bt-runs-count').textContent = runs.length ? runs.length + ' run' + (runs.length === 1 ? '' : 's') : '';
  }

  function select(id) {
    state.selected = id;
    document.querySelectorAll('#bt-runs tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.runId === id));
    renderDetail();
  }

  function renderDetail() {
    const run = state.runs.get(state.selected);
    const panel = $('bt-detail');
    if (!run) return;
    // an ended run never changes: drawing it again (on every list refresh) would only make the table flicker
    const drawn = ended(run) ? [run.id, run.status, run.finishedAt || '', run.figures ? 'figures' : ''].join('|') : '';
    if (drawn && panel.dataset.drawn === drawn) return;
    panel.dataset.drawn = drawn;
    panel.dataset.runId = run.id;
    panel.dataset.status = run.status;
    const r = run.request;
    $('bt-detail-title').textContent = run.id + ' · ' + r.strategy + ' · ' + r.symbols.join(', ') + ' ' + r.interval + ' · ' + range(r);
    const verdictEl = $('bt-verdict');
    const progress = $('bt-detail-progress');
    const links = $('bt-links');
    if (run.status !== 'DONE' || !run.figures) {
      $('bt-figures').replaceChildren();
      verdictEl.hidden = true;
      links.hidden = true;
      progress.textContent = run.status === 'FAILED' ? 'Failed: ' + (run.error || 'unknown error') : statusText(run);
      progress.classList.toggle('neg', run.status === 'FAILED');
      return;
    }
    progress.classList.remove('neg');
    progress.textContent = (run.candles === null ? '' : run.candles.toLocaleString('en-US') + ' candles replayed · ')
      + 'finished ' + S.fmtTime(run.finishedAt);
    const f = run.figures;
    const v = verdict(f);
    verdictEl.textContent = v.text;
    verdictEl.className = 'verdict ' + (v.bad ? 'bad' : 'good');
    verdictEl.hidden = false;
    const trails = f.buyAndHold && f.strategy.totalReturn < f.buyAndHold.totalReturn;
    S.renderFigures($('bt-figures'), [
      { key: 'strategy', label: r.strategy, figures: f.strategy, warning: trails ? 'worse than buy & hold' : null },
      { key: 'buyAndHold', label: 'Buy & hold', figures: f.buyAndHold },
      { key: 'alwaysLong', label: 'Always long', figures: f.alwaysLong },
    ], FIGURE_KEYS);
    $('bt-report-link').href = run.links.report;
    $('bt-trades-link').href = run.links.trades;
    $('bt-equity-link').href = run.links.equity;
    links.hidden = false;
  }

  // ---------- live updates ----------

  function onMessage(event) {
    const message = event.detail;
    const data = message.data;
    if (message.type === 'backtest_progress') {
      const run = state.runs.get(data.id);
      if (!run) {
        scheduleListRefresh(); // a run started elsewhere
        return;
      }
      upsert(Object.assign({}, run, {
        status: data.status, phase: data.phase, progress: data.progress,
        candlesDone: data.candlesDone, candlesTotal: data.candlesTotal,
      }));
    } else if (message.type === 'backtest_done') {
      upsert(data);
    }
  }

  function init() {
    window.addEventListener('hashchange', showPage);
    document.addEventListener('sextant:message', onMessage);
    $('bt-form').addEventListener('submit', submit);
    loadOptions().catch((e) => {
      console.error('backtest options failed', e);
      $('bt-message').textContent = 'could not load the choices: ' + e.message;
    });
    showPage();
    // a safety net for a missed message (e.g. while /ws reconnects): re-read the list while a run is active
    setInterval(() => {
      const active = Array.from(state.runs.values()).some((r) => !ended(r));
      if (active && !$('page-backtests').hidden) loadRuns();
    }, 5000);
  }

  document.addEventListener('DOMContentLoaded', init);
})();
