/*
 * Sextant dashboard. Loads a snapshot over REST (/api/v1/...), then stays live over the WebSocket
 * /ws ({"type": ..., "data": ...} messages), reconnecting with exponential backoff. Plain JS, no build.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  const CANDLE_LIMIT = 500;
  const TRADE_ROWS = 50;
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const INTERVAL_SECONDS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '4h': 14400, '1d': 86400 };
  const MARKER_LABELS = 6; // at most this many (the newest) markers carry a text label; hover any for its details
  const LABEL_CHAR_PX = 7;  // approximate width of a marker label character (12 px chart font)
  const EXIT_CODES = { STOP_LOSS: 'SL', TAKE_PROFIT: 'TP', CLOSE: 'X' };

  const state = {
    symbol: null,
    interval: null,        // interval code of the chart, e.g. "1m"
    intervalSeconds: 60,
    lastBarTime: null,     // UTCTimestamp (s) of the newest bar on the chart
    lastPrice: null,
    position: null,        // PositionView of state.symbol, or null
    trades: new Map(),     // positionId -> TradeView
    account: null,
    reconnectAttempt: 0,
    socket: null,
    statusRefresh: null,
    performanceRefresh: null,
    candleReload: null,
  };

  let chart = null;
  let series = null;
  let markers = null;
  let markerDetails = new Map(); // chart time -> tooltip lines of the markers on that bar
  let tooltip = null;
  let priceLines = [];

  const $ = (id) => document.getElementById(id);

  // ---------- formatting ----------

  function num(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function fmtPrice(value) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '—';
    const digits = Math.abs(n) >= 1000 ? 2 : Math.abs(n) >= 1 ? 4 : 6;
    return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  }

  function fmtMoney(value, signed) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '—';
    const text = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const sign = n < 0 ? '-' : signed && n > 0 ? '+' : '';
    return sign + '$' + text;
  }

  function fmtPct(fraction, signed) {
    const n = num(fraction);
    if (n === null || Number.isNaN(n)) return '—';
    const sign = signed && n > 0 ? '+' : '';
    return sign + (n * 100).toFixed(2) + '%';
  }

  // compact signed amount for chart labels: +12.3, −8.1, +1.2k (typographic minus)
  function fmtCompact(value) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '';
    const abs = Math.abs(n);
    const text = abs >= 1000 ? (abs / 1000).toFixed(1) + 'k' : abs.toFixed(1);
    return (n < 0 ? '\u2212' : '+') + text;
  }

  function fmtQty(value) {
    const n = num(value);
    return n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 8 });
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return d.toISOString().replace('T', ' ').slice(0, 16) + 'Z';
  }

  function setSigned(el, value, text) {
    el.textContent = text;
    el.classList.remove('pos', 'neg');
    const n = num(value);
    if (n > 0) el.classList.add('pos');
    if (n < 0) el.classList.add('neg');
  }

  function fmtRatio(value) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '—';
    return n.toFixed(2);
  }

  // ---------- figures tables (the live panel here, the Backtests page in backtests.js) ----------

  // How each figure of a BacktestFigures reads; `bad` marks a losing value (red).
  const FIGURES = {
    totalReturn: { label: 'Total return', text: (v) => fmtPct(v, true), bad: (v) => v < 0 },
    maxDrawdown: { label: 'Max drawdown', text: (v) => fmtPct(v), bad: () => false },
    sharpe: { label: 'Sharpe', text: fmtRatio, bad: (v) => v < 0 },
    winRate: { label: 'Win rate', text: (v) => fmtPct(v), bad: () => false },
    profitFactor: { label: 'Profit factor', text: fmtRatio, bad: (v) => v < 1 },
    trades: { label: 'Trades', text: (v) => (v === null || v === undefined ? '—' : String(v)), bad: () => false },
    feesPaid: { label: 'Fees paid', text: (v) => fmtMoney(v), bad: () => false },
  };

  // the text of one figure: "∞" for a profit factor with winners and no loser (the API sends null, as JSON has no ∞)
  function figureText(key, figures) {
    const value = figures[key];
    if (key === 'profitFactor' && value === null && figures.trades > 0 && figures.winRate === 1) return '∞';
    if (key === 'profitFactor' && value === null) return figures.trades > 0 ? '—' : 'n/a';
    return FIGURES[key].text(value);
  }

  // Fills `table` with one column per {key, label, figures} and one row per figure key. Every cell carries
  // data-figure, data-column and data-value (the raw number); a column whose curve lost money is marked (a badge,
  // or in a compact table its red heading, "loses money" on hover).
  function renderFigures(table, columns, keys, compact) {
    const thead = document.createElement('thead');
    const head = document.createElement('tr');
    head.appendChild(document.createElement('th'));
    columns.forEach((c) => {
      const th = document.createElement('th');
      th.dataset.column = c.key;
      th.textContent = c.label;
      if (c.figures && c.figures.losesMoney && compact) {
        th.classList.add('neg');
        th.title = 'loses money';
      } else if (c.figures && c.figures.losesMoney) {
        const badge = document.createElement('span');
        badge.className = 'badge bad';
        badge.textContent = 'loses money';
        th.appendChild(badge);
      }
      if (c.warning) {
        const badge = document.createElement('span');
        badge.className = 'badge warn';
        badge.textContent = c.warning;
        th.appendChild(badge);
      }
      head.appendChild(th);
    });
    thead.appendChild(head);
    const tbody = document.createElement('tbody');
    keys.forEach((key) => {
      const tr = document.createElement('tr');
      tr.dataset.figure = key;
      const th = document.createElement('th');
      th.textContent = FIGURES[key].label;
      tr.appendChild(th);
      columns.forEach((c) => {
        const td = document.createElement('td');
        td.dataset.figure = key;
        td.dataset.column = c.key;
        const value = c.figures ? c.figures[key] : null;
        td.dataset.value = value === null || value === undefined ? '' : String(value);
        td.textContent = c.figures ? figureText(key, c.figures) : '—';
        if (c.figures && c.figures.losesMoney) td.classList.add('loses');
        if (value !== null && value !== undefined && FIGURES[key].bad(num(value))) td.classList.add('neg');
        else if (key === 'totalReturn' && num(value) > 0) td.classList.add('pos');
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.replaceChildren(thead, tbody);
  }

  function toChartTime(iso) {
    return Math.floor(Date.parse(iso) / 1000);
  }

  // ---------- REST ----------

  async function getJson(path) {
    const response = await fetch(API + path, { headers: { Accept: 'application/json' } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(path + ' → HTTP ' + response.status);
    return response.json();
  }

  async function loadSnapshot() {
    const status = await getJson('/status');
    if (!state.symbol) {
      const wanted = new URLSearchParams(window.location.search).get('symbol');
      state.symbol = wanted || status.defaultSymbol;
      $('symbol').textContent = state.symbol;
    }
    renderStatus(status);
    const q = '?symbol=' + encodeURIComponent(state.symbol);
    const [candles, trades, positions, prediction] = await Promise.all([
      getJson('/market/candles' + q + '&limit=' + CANDLE_LIMIT),
      getJson('/trades?size=' + TRADE_ROWS + '&symbol=' + encodeURIComponent(state.symbol)),
      getJson('/positions'),
      getJson('/predictions/latest' + q),
    ]);
    renderCandles(candles || []);
    state.trades.clear();
    (trades ? trades.items : []).forEach((t) => state.trades.set(t.positionId, t));
    renderTrades();
    renderPosition((positions || []).find((p) => p.symbol === state.symbol) || null);
    if (prediction) renderPrediction(prediction);
    loadPerformance();
  }

  // ---------- live performance: the live strategy beside buy-and-hold (GET /performance) ----------

  async function loadPerformance() {
    try {
      renderPerformance(await getJson('/performance'));
    } catch (e) {
      console.warn('performance refresh failed', e);
    }
  }

  // loadPerformance at most once per 2 seconds, however many trades ask for it
  function schedulePerformanceRefresh() {
    if (state.performanceRefresh) return;
    state.performanceRefresh = setTimeout(() => {
      state.performanceRefresh = null;
      loadPerformance();
    }, 2000);
  }

  function renderPerformance(perf) {
    const table = $('perf-figures');
    if (!perf) {
      table.replaceChildren();
      $('perf-period').textContent = '';
      $('perf-note').textContent = 'waiting for candles…';
      return;
    }
    renderFigures(table, [
      { key: 'strategy', label: 'Live', figures: perf.strategy },
      { key: 'buyAndHold', label: 'Buy & hold', figures: perf.buyAndHold },
    ], ['totalReturn', 'maxDrawdown', 'winRate', 'profitFactor', 'trades'], true);
    $('perf-period').textContent = perf.symbols.join(', ') + ' ' + perf.interval;
    $('perf-note').textContent = 'since ' + fmtTime(perf.start) + ' · ' + perf.candles + ' candles'
      + (perf.openTrades ? ' · ' + perf.openTrades + ' open, marked to the last close' : '');
  }

  async function refreshStatus() {
    try {
      renderStatus(await getJson('/status'));
    } catch (e) {
      console.warn('status refresh failed', e);
    }
  }

  // refreshStatus at most once per second, however many events ask for it
  function scheduleStatusRefresh() {
    if (state.statusRefresh) return;
    state.statusRefresh = setTimeout(() => {
      state.statusRefresh = null;
      refreshStatus();
    }, 1000);
  }

  // ---------- rendering ----------

  function renderStatus(status) {
    renderBotStatus(status.botStatus);
    renderAccount(status.account);
  }

  function renderAccount(account) {
    state.account = account;
    $('capital').textContent = fmtMoney(account.capital);
    $('capital').title = 'cash basis: starting capital ' + fmtMoney(account.initialCapital)
      + ' + realized P&L ' + fmtMoney(account.realizedPnl, true);
    renderEquity();
    setSigned($('today-pnl'), account.realizedPnlToday, fmtMoney(account.realizedPnlToday, true));
    $('today-pnl-day').textContent = 'realized, ' + (account.pnlDay ? account.pnlDay + ' UTC (market time)' : 'UTC market day');
    $('win-rate').textContent = account.winRate === null ? '—' : fmtPct(account.winRate);
    $('closed-trades').textContent = account.closedTrades + ' closed trade' + (account.closedTrades === 1 ? '' : 's');
  }

  // The server's equity is already marked to market (open positions at the latest close, account.markPrices);
  // only the open position's move since that mark is added, from the live price.
  function equityNow() {
    const a = state.account;
    if (!a) return null;
    const equity = num(a.equity);
    if (equity === null) return null;
    const p = state.position;
    const mark = p && a.markPrices ? num(a.markPrices[p.symbol]) : null;
    if (!p || mark === null || state.lastPrice === null) return equity;
    const perUnit = p.side === 'LONG' ? state.lastPrice - mark : mark - state.lastPrice;
    return equity + perUnit * num(p.quantity);
  }

  function renderEquity() {
    $('equity').textContent = 'equity ' + fmtMoney(equityNow());
  }

  function renderBotStatus(bot) {
    const el = $('bot-status');
    el.textContent = bot.state;
    el.dataset.state = bot.state;
    // the reason of the TradingStateChanged risk-service announced (e.g. why it halted)
    $('bot-status-reason').textContent = bot.reason || '\u00a0';
    $('bot-status-reason').title = bot.reason || '';
    const running = bot.state === 'RUNNING';
    const paused = bot.state === 'PAUSED';
    const known = bot.state !== 'UNKNOWN';
    $('btn-start').disabled = known && running;
    $('btn-pause').disabled = known && !running;
    $('btn-resume').disabled = known && !paused;
    $('btn-stop').disabled = known && (bot.state === 'STOPPED' || bot.state === 'HALTED');
  }

  function ensureChart() {
    if (chart) return;
    const container = $('chart');
    chart = LightweightCharts.createChart(container, {
      autoSize: true,
      layout: { background: { type: 'solid', color: '#12161c' }, textColor: '#d1d4dc', attributionLogo: true },
      grid: { vertLines: { color: '#1b212a' }, horzLines: { color: '#1b212a' } },
      rightPriceScale: { borderColor: '#1f2630' },
      timeScale: { borderColor: '#1f2630', timeVisible: true, secondsVisible: false },
      crosshair: { mode: 0 },
    });
    series = chart.addSeries(LightweightCharts.CandlestickSeries, {
      upColor: '#26a69a', downColor: '#ef5350', borderVisible: false,
      wickUpColor: '#26a69a', wickDownColor: '#ef5350',
    });
    markers = LightweightCharts.createSeriesMarkers(series, []);
    tooltip = document.createElement('div');
    tooltip.id = 'chart-tooltip';
    tooltip.className = 'chart-tooltip';
    tooltip.dataset.testid = 'chart-tooltip';
    tooltip.hidden = true;
    container.appendChild(tooltip);
    chart.subscribeCrosshairMove(showMarkerDetails);
    chart.timeScale().subscribeVisibleLogicalRangeChange(relabelSoon);
  }

  // hovering a bar with markers shows their full text (entry price, exit reason and P&L)
  function showMarkerDetails(param) {
    const lines = param && param.point && param.time !== undefined ? markerDetails.get(param.time) : null;
    if (!lines) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = lines.join('\n');
    tooltip.hidden = false;
    const box = $('chart');
    const x = Math.min(param.point.x + 14, box.clientWidth - tooltip.offsetWidth - 4);
    const y = Math.min(param.point.y + 14, box.clientHeight - tooltip.offsetHeight - 4);
    tooltip.style.left = Math.max(0, x) + 'px';
    tooltip.style.top = Math.max(0, y) + 'px';
  }

  function setChartInterval(code) {
    state.interval = code;
    state.intervalSeconds = INTERVAL_SECONDS[code] || 60;
    $('chart-interval').textContent = code;
  }

  function bar(candle) {
    return {
      time: toChartTime(candle.openTime),
      open: num(candle.open), high: num(candle.high), low: num(candle.low), close: num(candle.close),
    };
  }

  function renderCandles(candles) {
    ensureChart();
    if (candles.length > 0) {
      setChartInterval(candles[candles.length - 1].interval);
    }
    const bars = candles.map(bar);
    series.setData(bars);
    state.lastBarTime = bars.length ? bars[bars.length - 1].time : null;
    $('chart-empty').hidden = bars.length > 0;
    if (candles.length) updateLastPrice(candles[candles.length - 1].close);
    renderMarkers();
  }

  function onCandle(candle) {
    if (candle.symbol !== state.symbol) return;
    if (state.interval && candle.interval !== state.interval) return;
    ensureChart();
    if (!state.interval) setChartInterval(candle.interval);
    const b = bar(candle);
    if (state.lastBarTime !== null && b.time < state.lastBarTime) return; // a late, older candle
    // the gateway pushes only the latest candle of each batch it reads (a fast replay reads many at once): bars
    // skipped on the way are loaded from the history
    if (state.lastBarTime !== null && b.time > state.lastBarTime + state.intervalSeconds) scheduleCandleReload();
    series.update(b);
    state.lastBarTime = b.time;
    $('chart-empty').hidden = true;
    updateLastPrice(candle.close);
  }

  // reload the chart's candles at most once per 2 seconds, however many gaps ask for it
  function scheduleCandleReload() {
    if (state.candleReload) return;
    state.candleReload = setTimeout(async () => {
      state.candleReload = null;
      try {
        const candles = await getJson('/market/candles?symbol=' + encodeURIComponent(state.symbol)
          + '&interval=' + encodeURIComponent(state.interval) + '&limit=' + CANDLE_LIMIT);
        if (candles && candles.length) renderCandles(candles);
      } catch (e) {
        console.warn('candle reload failed', e);
      }
    }, 2000);
  }

  function updateLastPrice(price) {
    state.lastPrice = num(price);
    $('last-price').textContent = fmtPrice(price);
    renderPositionPnl();
  }

  function snap(iso) {
    const t = toChartTime(iso);
    return t - (t % state.intervalSeconds);
  }

  // Entry (arrow, "B"/"S") and exit (circle, "TP +12.3" / "SL −8.1" / "X +1.0") markers. Every marker stays
  // visible with its full text in the hover tooltip; labels are short, and only the newest MARKER_LABELS
  // markers whose label does not collide with a newer label on the same side of the bars carry one.
  function renderMarkers() {
    if (!markers) return;
    const list = [];
    const details = new Map();
    const detail = (time, line) => {
      if (!details.has(time)) details.set(time, []);
      details.get(time).push(line);
    };
    state.trades.forEach((t) => {
      if (t.symbol !== state.symbol) return;
      const long = t.side === 'LONG';
      if (t.entryTime) {
        const time = snap(t.entryTime);
        list.push({
          time, position: long ? 'belowBar' : 'aboveBar',
          shape: long ? 'arrowUp' : 'arrowDown', color: long ? '#26a69a' : '#ef5350',
          label: long ? 'B' : 'S', id: 'entry-' + t.positionId,
        });
        detail(time, (long ? 'BUY ' : 'SELL ') + fmtQty(t.quantity) + ' @ ' + fmtPrice(t.entryPrice));
      }
      if (t.exitTime) {
        const time = snap(t.exitTime);
        const pnl = num(t.realizedPnl);
        const reason = t.exitReason || 'CLOSE';
        list.push({
          time, position: long ? 'aboveBar' : 'belowBar',
          shape: 'circle', color: pnl >= 0 ? '#26a69a' : '#ef5350',
          label: (EXIT_CODES[reason] || 'X') + ' ' + fmtCompact(pnl), id: 'exit-' + t.positionId,
        });
        detail(time, reason.replace('_', ' ') + ' @ ' + fmtPrice(t.exitPrice) + '  ' + fmtMoney(pnl, true));
      }
    });
    list.sort((a, b) => a.time - b.time);
    labelWithoutOverlap(list);
    markers.setMarkers(list.map(({ label, ...m }) => m));
    markerDetails = details;
  }

  // Sets `text` (newest first): a label is kept when it is horizontally clear of the last kept label on the
  // same side (above/below the bars) at the chart's current zoom, up to MARKER_LABELS labels.
  function labelWithoutOverlap(list) {
    const scale = chart.timeScale();
    const spacing = scale.options().barSpacing || 6;
    const x = (time) => {
      const c = scale.timeToCoordinate(time);
      return c === null ? null : c;
    };
    const lastKept = {};
    let kept = 0;
    for (let i = list.length - 1; i >= 0; i -= 1) {
      const m = list[i];
      const half = (m.label.length * LABEL_CHAR_PX) / 2 + 4;
      const prev = lastKept[m.position];
      let clear = !prev;
      if (prev) {
        const a = x(m.time);
        const b = x(prev.time);
        const gap = a !== null && b !== null ? b - a : ((prev.time - m.time) / state.intervalSeconds) * spacing;
        clear = gap >= prev.half + half;
      }
      if (clear && kept < MARKER_LABELS) {
        m.text = m.label;
        lastKept[m.position] = { time: m.time, half };
        kept += 1;
      } else {
        m.text = '';
      }
    }
  }

  // zooming changes how far apart markers are: re-decide the labels, at most once per frame
  let relabelPending = false;
  function relabelSoon() {
    if (relabelPending) return;
    relabelPending = true;
    requestAnimationFrame(() => {
      relabelPending = false;
      renderMarkers();
    });
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function renderTrades() {
    const trades = Array.from(state.trades.values())
      .sort((a, b) => Date.parse(b.entryTime || b.exitTime) - Date.parse(a.entryTime || a.exitTime))
      .slice(0, TRADE_ROWS);
    const tbody = document.querySelector('#trades tbody');
    tbody.replaceChildren();
    trades.forEach((t) => {
      const tr = document.createElement('tr');
      tr.dataset.positionId = t.positionId;
      tr.dataset.status = t.status;
      tr.dataset.testid = 'trade-row';
      cell(tr, fmtTime(t.entryTime));
      cell(tr, t.symbol);
      cell(tr, t.side, t.side === 'LONG' ? 'pos' : 'neg');
      cell(tr, fmtQty(t.quantity), 'num');
      cell(tr, fmtPrice(t.entryPrice), 'num');
      cell(tr, t.exitTime ? fmtTime(t.exitTime) : '—');
      cell(tr, t.exitPrice === null ? '—' : fmtPrice(t.exitPrice), 'num');
      cell(tr, t.exitReason ? t.exitReason.replace('_', ' ') : '—');
      const pnl = cell(tr, '', 'num');
      setSigned(pnl, t.realizedPnl, t.realizedPnl === null ? '—' : fmtMoney(t.realizedPnl, true));
      pnl.classList.add('num');
      const ret = cell(tr, '', 'num');
      setSigned(ret, t.realizedReturn, fmtPct(t.realizedReturn, true));
      ret.classList.add('num');
      cell(tr, t.status);
      tbody.appendChild(tr);
    });
    $('trades-empty').hidden = trades.length > 0;
    $('trades-count').textContent = trades.length ? trades.length + ' shown' : '';
    renderMarkers();
  }

  function onTrade(message) {
    const t = message.trade;
    if (t.symbol !== state.symbol) {
      schedulePerformanceRefresh(); // the live figures count every symbol
      return;
    }
    state.trades.set(t.positionId, t);
    renderTrades();
    scheduleStatusRefresh();
    schedulePerformanceRefresh();
  }

  function renderPosition(position) {
    state.position = position && position.side !== 'FLAT' ? position : null;
    const p = state.position;
    $('position').dataset.side = p ? p.side : 'FLAT';
    $('position-side').textContent = p ? p.side : 'FLAT';
    $('position-qty').textContent = p ? fmtQty(p.quantity) : '—';
    $('position-entry').textContent = p ? fmtPrice(p.averageEntryPrice) : '—';
    $('position-sl').textContent = p && p.stopLoss !== null ? fmtPrice(p.stopLoss) : '—';
    $('position-tp').textContent = p && p.takeProfit !== null ? fmtPrice(p.takeProfit) : '—';
    $('open-position-summary').textContent = p ? fmtQty(p.quantity) + ' ' + p.side : 'none';
    if (p && state.lastPrice === null && p.markPrice !== null) state.lastPrice = num(p.markPrice);
    renderPriceLines();
    renderPositionPnl();
  }

  function unrealizedPnl() {
    const p = state.position;
    if (!p || state.lastPrice === null) return null;
    const perUnit = p.side === 'LONG' ? state.lastPrice - num(p.averageEntryPrice) : num(p.averageEntryPrice) - state.lastPrice;
    return perUnit * num(p.quantity);
  }

  function renderPositionPnl() {
    const p = state.position;
    const pnl = unrealizedPnl();
    $('position-mark').textContent = p ? fmtPrice(state.lastPrice) : '—';
    const text = pnl === null ? '—'
      : fmtMoney(pnl, true) + ' (' + fmtPct(pnl / (num(p.averageEntryPrice) * num(p.quantity)), true) + ')';
    setSigned($('position-pnl'), pnl, text);
    setSigned($('open-position-pnl'), pnl, p ? text : '\u00a0');
    if (state.account) renderEquity();
  }

  function renderPriceLines() {
    if (!series) return;
    priceLines.forEach((line) => series.removePriceLine(line));
    priceLines = [];
    const p = state.position;
    if (!p) return;
    const add = (price, color, title) => {
      if (price === null || price === undefined) return;
      priceLines.push(series.createPriceLine({ price: num(price), color, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title }));
    };
    add(p.averageEntryPrice, '#2962ff', 'entry');
    add(p.stopLoss, '#ef5350', 'SL');
    add(p.takeProfit, '#26a69a', 'TP');
  }

  function renderPrediction(p) {
    if (p.symbol !== state.symbol) return;
    const dir = $('prediction-direction');
    dir.textContent = p.direction === 'UP' ? 'UP ▲' : 'DOWN ▼';
    dir.dataset.direction = p.direction;
    $('prediction-confidence').textContent = fmtPct(p.confidence);
    $('prediction-bar').style.width = Math.round(num(p.confidence) * 100) + '%';
    $('prediction-probs').textContent = 'up ' + fmtPct(p.probUp) + ' · down ' + fmtPct(p.probDown)
      + (p.horizons && p.horizons.length ? ' · next ' + p.horizons[0].candles + ' candle(s)' : '');
    $('prediction-model').textContent = p.modelId + ' ' + p.modelVersion;
    $('prediction-time').textContent = ' · ' + fmtTime(p.time);
  }

  // ---------- WebSocket ----------

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    const socket = new WebSocket(url);
    state.socket = socket;
    setWsState('connecting', 'connecting…');

    socket.onopen = () => {
      const reconnect = state.reconnectAttempt > 0;
      state.reconnectAttempt = 0;
      setWsState('open', 'live');
      if (reconnect) loadSnapshot().catch((e) => console.warn('snapshot reload failed', e));
    };
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        console.warn('ignoring a non-JSON message', event.data);
        return;
      }
      handle(message);
    };
    socket.onclose = () => {
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** state.reconnectAttempt) * (0.8 + Math.random() * 0.4);
      state.reconnectAttempt += 1;
      setWsState('closed', 'reconnecting in ' + Math.round(delay / 1000) + 's');
      setTimeout(connect, delay);
    };
    socket.onerror = () => socket.close();
  }

  function setWsState(name, text) {
    const el = $('ws-status');
    el.dataset.state = name;
    el.textContent = text;
  }

  function handle(message) {
    const data = message.data;
    switch (message.type) {
      case 'price_update':
        onCandle(data);
        break;
      case 'prediction':
        renderPrediction(data);
        break;
      case 'trade_opened':
      case 'trade_closed':
        onTrade(data);
        break;
      case 'position_update':
        if (data.symbol === state.symbol) renderPosition(data);
        scheduleStatusRefresh();
        break;
      case 'bot_status':
        renderBotStatus(data);
        $('control-message').textContent = 'state ' + data.state + (data.since ? ' since ' + fmtTime(data.since) : '');
        break;
      default:
        // backtest_progress, backtest_done: for backtests.js (the Backtests page)
        document.dispatchEvent(new CustomEvent('sextant:message', { detail: message }));
    }
  }

  // ---------- controls ----------

  async function sendCommand(command) {
    const out = $('control-message');
    out.textContent = 'sending ' + command + '…';
    try {
      const response = await fetch(API + '/bot/' + command, { method: 'POST', headers: { Accept: 'application/json' } });
      const body = await response.json();
      out.textContent = response.ok ? body.command + ' sent, waiting for risk-service…' : 'failed: ' + body.message;
    } catch (e) {
      out.textContent = 'failed: ' + e.message;
    }
  }

  function init() {
    document.querySelectorAll('button[data-command]').forEach((button) => {
      button.addEventListener('click', () => sendCommand(button.dataset.command));
    });
    ensureChart();
    loadSnapshot()
      .catch((e) => {
        console.error('snapshot failed', e);
        $('control-message').textContent = 'could not load the snapshot: ' + e.message;
      })
      .finally(connect);
    setInterval(refreshStatus, 30000);
    setInterval(loadPerformance, 30000);
  }

  // for backtests.js
  window.Sextant = { API, $, num, fmtPct, fmtMoney, fmtRatio, fmtTime, getJson, renderFigures, figureText };

  document.addEventListener('DOMContentLoaded', init);
})();
