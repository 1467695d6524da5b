/*
 * Trade detail: a click on a row of "Recent trades" (or ?trade=ID in the address) opens the trade's Explain view, the
 * causal chain GET /api/v1/explain/{positionId} answers from the gateway's stored events: the candle (OHLC), the
 * features, the prediction, the decision with every check, then the orders, fills (prices, fees, P&L) and position
 * updates. Plain JS, no build; reads nothing of dashboard.js but the table it draws.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  let current = null;   // position id shown
  let request = 0;      // the latest request wins

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined) return;
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function isNum(v) {
    return v !== null && v !== undefined && v !== '' && !Number.isNaN(Number(v));
  }

  function price(v) {
    if (!isNum(v)) return '—';
    const n = Number(v);
    const digits = Math.abs(n) >= 1000 ? 2 : Math.abs(n) >= 1 ? 4 : 8;
    return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  }

  function plain(v) {
    return v === null || v === undefined ? '—' : String(v);
  }

  function pct(v) {
    return isNum(v) ? (Number(v) * 100).toFixed(1) + '%' : '—';
  }

  function money(v) {
    if (!isNum(v)) return '—';
    const n = Number(v);
    const text = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
    return (n < 0 ? '-' : n > 0 ? '+' : '') + text;
  }

  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—';
  }

  function short(id) {
    return id && id.length > 14 ? id.slice(0, 8) + '…' + id.slice(-4) : id || '—';
  }

  /** A table: head labels, then rows of cells [text, {class, data-*}]. */
  function table(testid, head, rows) {
    const t = el('table', { class: 'ex-table', 'data-testid': testid });
    const tr = el('tr');
    head.forEach((h) => tr.appendChild(el('th', { class: h.num ? 'num' : null }, h.label)));
    t.appendChild(el('thead')).appendChild(tr);
    const body = t.appendChild(el('tbody'));
    rows.forEach((r) => body.appendChild(r));
    return t;
  }

  function row(attrs, cells) {
    const tr = el('tr', attrs);
    cells.forEach(([text, a]) => tr.appendChild(el('td', a || {}, text)));
    return tr;
  }

  function section(title, testid, meta) {
    const s = el('section', { class: 'ex-step', 'data-testid': testid });
    const h = s.appendChild(el('h3', {}, title));
    if (meta) h.appendChild(el('span', { class: 'muted' }, ' ' + meta));
    return s;
  }

  function missing(title, testid, why) {
    const s = section(title, testid);
    s.appendChild(el('div', { class: 'muted' }, why));
    return s;
  }

  // ---------- the steps ----------

  function candleStep(e) {
    const f = e.fields;
    const s = section('Candle', 'ex-candle', f.symbol + ' ' + f.interval + ' · opened ' + time(f.openTime));
    s.dataset.eventId = e.id;
    s.appendChild(table('ex-candle-table', [
      { label: 'Open', num: true }, { label: 'High', num: true }, { label: 'Low', num: true },
      { label: 'Close', num: true }, { label: 'Volume', num: true }, { label: 'Trades', num: true },
    ], [row({}, [
      [price(f.open), { class: 'num', 'data-col': 'open', 'data-value': f.open }],
      [price(f.high), { class: 'num', 'data-col': 'high', 'data-value': f.high }],
      [price(f.low), { class: 'num', 'data-col': 'low', 'data-value': f.low }],
      [price(f.close), { class: 'num', 'data-col': 'close', 'data-value': f.close }],
      [plain(f.volume), { class: 'num' }],
      [plain(f.tradeCount), { class: 'num' }],
    ])]));
    return s;
  }

  function featuresStep(e) {
    const f = e.fields;
    const s = section('Features', 'ex-features', (f.featureSetVersion || '') + (f.warm === false ? ' · warming up' : ''));
    s.dataset.eventId = e.id;
    const list = s.appendChild(el('div', { class: 'ex-features' }));
    (f.names || []).forEach((name, i) => {
      const v = f.values ? f.values[i] : null;
      const item = list.appendChild(el('span', { class: 'ex-feature', 'data-feature': name }));
      item.appendChild(el('span', { class: 'muted' }, name + ' '));
      item.appendChild(el('span', {}, v === null || v === undefined ? 'n/a' : String(v)));
    });
    return s;
  }

  function predictionStep(e) {
    const f = e.fields;
    const s = section('Prediction', 'ex-prediction', f.modelId + ' ' + f.modelVersion);
    s.dataset.eventId = e.id;
    const rows = [row({ 'data-horizon': 'primary' }, [
      ['primary', {}],
      [pct(f.probUp), { class: 'num pos', 'data-col': 'probUp', 'data-value': f.probUp }],
      [pct(f.probDown), { class: 'num neg', 'data-col': 'probDown', 'data-value': f.probDown }],
      [pct(f.confidence), { class: 'num', 'data-col': 'confidence', 'data-value': f.confidence }],
    ])];
    (f.horizons || []).forEach((h) => rows.push(row({ 'data-horizon': h.candles }, [
      [h.candles + ' candle' + (h.candles === 1 ? '' : 's'), {}],
      [pct(h.probUp), { class: 'num' }], [pct(h.probDown), { class: 'num' }], [pct(h.confidence), { class: 'num' }],
    ])));
    s.appendChild(table('ex-prediction-table', [
      { label: 'Horizon' }, { label: 'P(up)', num: true }, { label: 'P(down)', num: true }, { label: 'Confidence', num: true },
    ], rows));
    return s;
  }

  function limit(c) {
    if (c.comparator === 'between') return 'between ' + plain(c.threshold) + ' and ' + plain(c.upperThreshold);
    return c.comparator + ' ' + plain(c.threshold);
  }

  function decisionStep(e) {
    const f = e.fields;
    const s = section('Decision', 'ex-decision', time(e.tsEvent));
    s.dataset.eventId = e.id;
    s.dataset.approved = String(!!f.approved);
    const verdict = s.appendChild(el('div', { class: 'ex-verdict' }));
    verdict.appendChild(el('span', { class: 'badge ' + (f.approved ? 'good' : 'bad'), 'data-testid': 'ex-verdict' },
      f.approved ? 'approved' : 'denied'));
    if (f.reason) verdict.appendChild(el('span', { class: 'muted' }, ' ' + f.reason));
    if (f.intent) {
      const i = f.intent;
      verdict.appendChild(el('div', { class: 'sub', 'data-testid': 'ex-intent' },
        i.side + ' ' + plain(i.quantity) + ' ' + (i.orderType || '') + ' at ~' + price(i.referencePrice)
        + ' · stop ' + price(i.stopLoss) + ' · take-profit ' + price(i.takeProfit)
        + (isNum(i.riskAmount) ? ' · risk ' + price(i.riskAmount) : '')));
    }
    s.appendChild(table('ex-checks', [
      { label: 'Check' }, { label: 'Value', num: true }, { label: 'Limit' }, { label: 'Passed' }, { label: '' },
    ], (f.checks || []).map((c) => row({ 'data-check': c.name, 'data-passed': String(c.passed) }, [
      [c.name, { 'data-col': 'name' }],
      [c.value === null || c.value === undefined ? 'unknown' : plain(c.value),
        { class: 'num', 'data-col': 'value', 'data-value': c.value === null || c.value === undefined ? '' : c.value }],
      [limit(c), { 'data-col': 'limit' }],
      [c.passed ? '✓ passed' : '✗ failed', { class: c.passed ? 'pos' : 'neg', 'data-col': 'passed' }],
      [c.detail || '', { class: 'muted' }],
    ]))));
    return s;
  }

  const ORDER_WORDS = {
    OrderSubmitted: 'submitted', OrderAccepted: 'accepted', OrderRejected: 'rejected', OrderCanceled: 'canceled',
    OrderExpired: 'expired', OrderFilled: 'filled',
  };

  function ordersStep(events, purposes) {
    const s = section('Orders', 'ex-orders');
    s.appendChild(table('ex-orders-table', [
      { label: 'Time' }, { label: 'Order' }, { label: 'Event' }, { label: 'Side' }, { label: 'Qty', num: true },
      { label: 'Price', num: true }, { label: 'Detail' },
    ], events.map((e) => {
      const f = e.fields;
      const purpose = f.purpose || purposes.get(f.clientOrderId) || '';
      const qty = f.quantity !== undefined ? f.quantity : f.lastQuantity;
      const px = f.lastPrice !== undefined ? f.lastPrice : f.limitPrice;
      const detail = e.type === 'OrderSubmitted' ? [f.orderType, isNum(f.stopLoss) ? 'stop ' + price(f.stopLoss) : null,
        isNum(f.takeProfit) ? 'take-profit ' + price(f.takeProfit) : null].filter(Boolean).join(' · ')
        : e.type === 'OrderRejected' ? f.reason || '' : e.type === 'OrderFilled' ? 'left ' + plain(f.leavesQuantity) : '';
      return row({ 'data-event-id': e.id, 'data-type': e.type, 'data-order': f.clientOrderId }, [
        [time(e.tsEvent), {}],
        [(purpose ? purpose.replace('_', ' ').toLowerCase() + ' ' : '') + short(f.clientOrderId), { title: f.clientOrderId }],
        [ORDER_WORDS[e.type] || e.type, {}],
        [f.side || '', {}],
        [qty === undefined ? '' : plain(qty), { class: 'num' }],
        [px === undefined || px === null ? '' : price(px), { class: 'num' }],
        [detail, { class: 'muted' }],
      ]);
    })));
    return s;
  }

  function fillsStep(events) {
    const s = section('Fills', 'ex-fills');
    s.appendChild(table('ex-fills-table', [
      { label: 'Time' }, { label: 'Purpose' }, { label: 'Side' }, { label: 'Price', num: true }, { label: 'Qty', num: true },
      { label: 'Fee', num: true }, { label: 'Liquidity' }, { label: 'P&L', num: true },
    ], events.map((e) => {
      const f = e.fields;
      const pnl = f.realizedPnl;
      return row({ 'data-event-id': e.id, 'data-purpose': f.purpose }, [
        [time(e.tsEvent), {}],
        [(f.purpose || '').replace('_', ' ').toLowerCase(), {}],
        [f.side, { class: f.side === 'BUY' ? 'pos' : 'neg' }],
        [price(f.price), { class: 'num', 'data-col': 'price', 'data-value': f.price }],
        [plain(f.quantity), { class: 'num', 'data-col': 'quantity', 'data-value': f.quantity }],
        [plain(f.fee) + ' ' + (f.feeAsset || ''), { class: 'num', 'data-col': 'fee', 'data-value': f.fee }],
        [(f.liquidity || '').toLowerCase(), {}],
        [pnl === null || pnl === undefined ? '—' : money(pnl),
          { class: 'num ' + (isNum(pnl) && Number(pnl) < 0 ? 'neg' : isNum(pnl) && Number(pnl) > 0 ? 'pos' : ''),
            'data-col': 'pnl', 'data-value': pnl === null || pnl === undefined ? '' : pnl }],
      ]);
    })));
    return s;
  }

  function positionsStep(events) {
    const s = section('Position', 'ex-positions');
    s.appendChild(table('ex-positions-table', [
      { label: 'Time' }, { label: 'Side' }, { label: 'Qty', num: true }, { label: 'Entry', num: true },
      { label: 'Stop', num: true }, { label: 'Take-profit', num: true }, { label: 'Realized P&L', num: true },
      { label: 'Fees', num: true },
    ], events.map((e) => {
      const f = e.fields;
      return row({ 'data-event-id': e.id, 'data-side': f.side }, [
        [time(e.tsEvent), {}], [f.side, {}], [plain(f.quantity), { class: 'num' }], [price(f.entryPrice), { class: 'num' }],
        [price(f.stopLoss), { class: 'num' }], [price(f.takeProfit), { class: 'num' }],
        [money(f.realizedPnl), { class: 'num' }], [plain(f.fees), { class: 'num' }],
      ]);
    })));
    return s;
  }

  function render(chain) {
    const body = $('trade-detail-body');
    body.replaceChildren();
    const events = chain.events || [];
    const first = (type) => events.find((e) => e.type === type);
    const decision = events.find((e) => e.type === 'RiskDecisionMade' && (e.relation === 'anchor' || e.target)) || first('RiskDecisionMade');
    const candle = first('CandleClosed');
    const features = first('FeaturesComputed');
    const prediction = first('PredictionMade');
    const orders = events.filter((e) => e.type in ORDER_WORDS);
    const fills = events.filter((e) => e.type === 'FillExecuted');
    const positions = events.filter((e) => e.type === 'PositionChanged');
    const purposes = new Map();
    orders.concat(fills).forEach((e) => { if (e.fields.purpose) purposes.set(e.fields.clientOrderId, e.fields.purpose); });

    const flow = body.appendChild(el('div', { class: 'ex-flow' }));
    flow.appendChild(candle ? candleStep(candle) : missing('Candle', 'ex-candle', 'not stored (past the retention, or not read)'));
    flow.appendChild(features ? featuresStep(features) : missing('Features', 'ex-features', 'not stored'));
    flow.appendChild(prediction ? predictionStep(prediction) : missing('Prediction', 'ex-prediction', 'not stored'));
    flow.appendChild(decision ? decisionStep(decision) : missing('Decision', 'ex-decision', 'not stored'));
    body.appendChild(orders.length ? ordersStep(orders, purposes) : missing('Orders', 'ex-orders', 'none stored'));
    body.appendChild(fills.length ? fillsStep(fills) : missing('Fills', 'ex-fills', 'none stored'));
    if (positions.length) body.appendChild(positionsStep(positions));
    const total = fills.reduce((sum, e) => sum + (isNum(e.fields.realizedPnl) ? Number(e.fields.realizedPnl) : 0), 0);
    const fees = fills.reduce((sum, e) => sum + (isNum(e.fields.fee) ? Number(e.fields.fee) : 0), 0);
    $('trade-detail-summary').textContent = events.length + ' events · fees ' + fees.toFixed(4)
      + (fills.some((e) => isNum(e.fields.realizedPnl)) ? ' · realized P&L ' + money(total) : '')
      + (chain.truncated ? ' · truncated' : '');
  }

  async function open(positionId) {
    const panel = $('trade-detail');
    current = positionId;
    const mine = ++request;
    panel.hidden = false;
    panel.dataset.positionId = positionId;
    panel.dataset.state = 'loading';
    $('trade-detail-id').textContent = positionId;
    $('trade-detail-summary').textContent = 'loading…';
    $('trade-detail-body').replaceChildren();
    markSelected();
    let body = null;
    let status = 0;
    try {
      const response = await fetch(API + '/explain/' + encodeURIComponent(positionId), { headers: { Accept: 'application/json' } });
      status = response.status;
      body = await response.json();
    } catch (e) {
      body = { message: e.message };
    }
    if (mine !== request) return;
    if (status === 200) {
      render(body);
      panel.dataset.state = 'shown';
      panel.scrollIntoView({ block: 'nearest' });
    } else {
      panel.dataset.state = 'error';
      $('trade-detail-summary').textContent = '';
      $('trade-detail-body').replaceChildren(el('div', { class: 'ex-error', 'data-testid': 'ex-error' },
        (status === 404 ? 'No chain stored: ' : 'Could not explain: ') + ((body && body.message) || 'HTTP ' + status)));
    }
  }

  function close() {
    current = null;
    request++;
    $('trade-detail').hidden = true;
    markSelected();
  }

  // dashboard.js redraws the rows: mark the selected one again after each redraw, and make every row reachable by keyboard
  function markSelected() {
    document.querySelectorAll('#trades tbody tr[data-position-id]').forEach((tr) => {
      tr.classList.toggle('selected', tr.dataset.positionId === current);
      if (!tr.hasAttribute('tabindex')) tr.setAttribute('tabindex', '0');
      tr.title = 'Explain this trade';
    });
  }

  function init() {
    const tbody = document.querySelector('#trades tbody');
    if (!tbody || !$('trade-detail')) return;
    tbody.addEventListener('click', (event) => {
      const tr = event.target.closest('tr[data-position-id]');
      if (tr) open(tr.dataset.positionId);
    });
    tbody.addEventListener('keydown', (event) => {
      const tr = event.target.closest('tr[data-position-id]');
      if (tr && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        open(tr.dataset.positionId);
      }
    });
    new MutationObserver(markSelected).observe(tbody, { childList: true });
    $('trade-detail-close').addEventListener('click', close);
    const wanted = new URLSearchParams(window.location.search).get('trade');
    if (wanted) open(wanted);
  }

  document.addEventListener('DOMContentLoaded', init);
})();
