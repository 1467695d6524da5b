/* Sextant backtest report: draws the charts from the JSON in #report-data with Lightweight Charts.
   Sets window.reportReady = true when every chart was drawn; errors go to window.reportErrors. */
(function () {
  'use strict';

  var BASE = {
    autoSize: true,
    layout: { background: { type: 'solid', color: '#ffffff' }, textColor: '#1d2330', fontSize: 11 },
    grid: { vertLines: { color: '#eef0f4' }, horzLines: { color: '#eef0f4' } },
    rightPriceScale: { borderColor: '#e1e4ea' },
    // a small minimum bar spacing lets fitContent show the whole run, even 70,000+ bars
    timeScale: { borderColor: '#e1e4ea', timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
    crosshair: { mode: 0 }
  };

  // Lightweight Charts wants strictly increasing times in seconds: keep the last point of each second.
  function points(times, values) {
    var out = [];
    for (var i = 0; i < times.length; i++) {
      var point = { time: times[i], value: values[i] };
      if (out.length && out[out.length - 1].time >= point.time) {
        out[out.length - 1] = point;
      } else {
        out.push(point);
      }
    }
    return out;
  }

  function chart(id, extra) {
    var container = document.getElementById(id);
    if (!container) throw new Error('missing chart container #' + id);
    return LightweightCharts.createChart(container, Object.assign({}, BASE, extra || {}));
  }

  // Keeps the visible time range of the charts in step.
  function link(charts) {
    var syncing = false;
    charts.forEach(function (source) {
      source.timeScale().subscribeVisibleTimeRangeChange(function (range) {
        if (syncing || !range) return;
        syncing = true;
        charts.forEach(function (target) {
          if (target !== source) {
            try { target.timeScale().setVisibleRange(range); } catch (e) { /* range outside the other's data */ }
          }
        });
        syncing = false;
      });
    });
  }

  function draw() {
    if (!window.LightweightCharts) throw new Error('Lightweight Charts is not loaded');
    var data = JSON.parse(document.getElementById('report-data').textContent);
    var LC = window.LightweightCharts;
    var drawn = [];

    var equity = chart('equity-chart', { rightPriceScale: { borderColor: '#e1e4ea', mode: 0 } });
    data.curves.forEach(function (c) {
      var series = equity.addSeries(LC.LineSeries, {
        color: c.color, lineWidth: c.strategy ? 2 : 1, title: c.label, priceLineVisible: false
      });
      series.setData(points(c.t, c.v));
    });
    equity.timeScale().fitContent();
    drawn.push({ id: 'equity-chart', series: data.curves.length, markers: 0 });

    var drawdown = chart('drawdown-chart');
    data.curves.forEach(function (c) {
      var options = { lineColor: c.color, color: c.color, lineWidth: c.strategy ? 2 : 1, title: c.label,
        priceLineVisible: false, priceFormat: { type: 'percent', precision: 1, minMove: 0.1 } };
      // the strategy's drawdown is filled between 0 and the curve
      var series = c.strategy
        ? drawdown.addSeries(LC.BaselineSeries, Object.assign(options, {
            baseValue: { type: 'price', price: 0 },
            topLineColor: c.color, topFillColor1: 'rgba(0,0,0,0)', topFillColor2: 'rgba(0,0,0,0)',
            bottomLineColor: c.color, bottomFillColor1: 'rgba(41,98,255,0.08)', bottomFillColor2: 'rgba(41,98,255,0.28)' }))
        : drawdown.addSeries(LC.LineSeries, options);
      series.setData(points(c.t, c.dd));
    });
    drawdown.timeScale().fitContent();
    drawn.push({ id: 'drawdown-chart', series: data.curves.length, markers: 0 });
    link([equity, drawdown]);

    data.prices.forEach(function (p, i) {
      var id = 'price-chart-' + i;
      var prices = chart(id);
      var candles = prices.addSeries(LC.CandlestickSeries, {
        upColor: '#26a65b', downColor: '#e53935', borderVisible: false,
        wickUpColor: '#26a65b', wickDownColor: '#e53935'
      });
      var bars = [];
      p.bars.forEach(function (b) {
        if (bars.length && bars[bars.length - 1].time >= b[0]) return;
        bars.push({ time: b[0], open: b[1], high: b[2], low: b[3], close: b[4] });
      });
      candles.setData(bars);
      LC.createSeriesMarkers(candles, p.markers);
      prices.timeScale().fitContent();
      drawn.push({ id: id, symbol: p.symbol, series: 1, bars: bars.length, markers: p.markers.length });
    });

    window.reportCharts = drawn;
    // the charts paint on the next animation frames
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        window.reportReady = true;
        document.body.setAttribute('data-ready', 'true');
      });
    });
  }

  try {
    draw();
  } catch (e) {
    window.reportErrors.push(String(e && e.stack ? e.stack : e));
  }
})();
