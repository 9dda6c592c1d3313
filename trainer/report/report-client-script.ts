/**
 * The report page's script (plain browser JavaScript, run after uPlot's bundle): reads the JSON in
 * `#report-data` (a `ReportChartData`) and draws one uPlot chart per `.chart[data-chart]`
 * element. Event steps are drawn by a `draw` hook in their kind's style: a dashed vertical line
 * with a triangle on top, or (per-step kinds such as clipping) a short tick along the bottom. The legend buttons hide a kind's markers. Cursor and drag-zoom are shared by
 * all charts (double-click resets); charts follow the container's width.
 */
export const REPORT_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source || typeof uPlot === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var t = data.telemetry;
  if (t.step.length === 0) return;

  var HEIGHT = 240;
  var hiddenKinds = {};
  var charts = [];
  var syncingScale = false;

  function positiveOrNull(values) {
    return values.map(function (v) { return v != null && v > 0 ? v : null; });
  }
  function fmt(v) {
    if (v == null || !isFinite(v)) return '—';
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
    return String(+v.toPrecision(4));
  }
  var SUPERSCRIPTS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  function fmtPow2(v) {
    if (v == null || !(v > 0)) return '—';
    var exponent = Math.log2(v);
    if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return fmt(v);
    return '2' + String(Math.round(exponent)).split('').map(function (c) { return SUPERSCRIPTS[c]; }).join('');
  }
  function fmtStep(u, v) { return v == null ? '—' : Math.round(v).toLocaleString('en-US'); }
  function fmtValue(u, v) { return fmt(v); }
  function axisTicks(u, splits) {
    return splits.map(function (v) { return v == null ? '' : fmt(v); }); // null: filtered out
  }
  // Log axes label and grid only the powers of ten (uPlot also splits at 2…9 × 10^k).
  // Past 5 decades, only every 2nd (3rd, …) power of ten, so labels never crowd.
  function powersOfTen(u, splits) {
    var exponents = splits.map(function (v) {
      var exponent = Math.log10(v);
      return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? Math.round(exponent) : null;
    });
    var count = exponents.filter(function (e) { return e !== null; }).length;
    var every = Math.max(1, Math.ceil(count / 5));
    return splits.map(function (v, i) {
      var exponent = exponents[i];
      return exponent !== null && exponent % every === 0 ? v : null;
    });
  }
  function yAxis(scale, log, side) {
    var axis = {
      scale: scale, side: side, size: 64, values: axisTicks,
      grid: { show: side !== 1, stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' },
    };
    if (log) axis.filter = axis.grid.filter = axis.ticks.filter = powersOfTen;
    return axis;
  }
  // An invisible right axis as wide as the loss-scale axis, so every chart's x axis lines up.
  function rightSpacer() {
    return {
      scale: 'y', side: 1, size: 64, stroke: 'transparent', grid: { show: false }, ticks: { show: false },
      values: function (u, splits) { return splits.map(function () { return ''; }); },
    };
  }
  function line(label, color, scale, extra) {
    var s = { label: label, stroke: color, width: 1.25, scale: scale, spanGaps: false, points: { show: false }, value: fmtValue };
    for (var k in extra) s[k] = extra[k];
    return s;
  }

  function drawMarkers(u) {
    var ctx = u.ctx, box = u.bbox, px = uPlot.pxRatio;
    var xMin = u.scales.x.min, xMax = u.scales.x.max;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.width, box.height);
    ctx.clip();
    data.markers.forEach(function (series) {
      if (hiddenKinds[series.kind]) return;
      var dense = series.style === 'tick';
      var xs = [];
      series.steps.forEach(function (step) {
        if (step >= xMin && step <= xMax) xs.push(Math.round(u.valToPos(step, 'x', true)) + 0.5);
      });
      ctx.strokeStyle = series.color;
      ctx.fillStyle = series.color;
      ctx.lineWidth = px;
      ctx.globalAlpha = dense ? 0.7 : 0.45;
      ctx.setLineDash(dense ? [] : [4 * px, 3 * px]);
      ctx.beginPath();
      xs.forEach(function (x) {
        var bottom = box.top + box.height;
        ctx.moveTo(x, dense ? bottom - 7 * px : box.top);
        ctx.lineTo(x, bottom);
      });
      ctx.stroke();
      if (!dense) {
        ctx.globalAlpha = 1;
        xs.forEach(function (x) {
          ctx.beginPath();
          ctx.moveTo(x - 5 * px, box.top);
          ctx.lineTo(x + 5 * px, box.top);
          ctx.lineTo(x, box.top + 7 * px);
          ctx.closePath();
          ctx.fill();
        });
      }
    });
    ctx.restore();
  }

  function syncX(u, key) {
    if (key !== 'x' || syncingScale) return;
    syncingScale = true;
    charts.forEach(function (other) {
      if (other !== u) other.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
    });
    syncingScale = false;
  }

  function makeChart(element, series, scales, axes, columns) {
    var opts = {
      width: element.clientWidth,
      height: HEIGHT,
      scales: Object.assign({ x: { time: false } }, scales),
      series: [{ label: 'step', value: fmtStep }].concat(series),
      axes: [{ size: 40, values: function (u, splits) { return splits.map(function (v) { return fmtStep(u, v); }); }, grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' } }]
        .concat(axes, data.hasLossScale && axes.length === 1 ? [rightSpacer()] : []),
      cursor: { sync: { key: 'edgefuse-steps' }, drag: { x: true, y: false } },
      legend: { live: true },
      hooks: { draw: [drawMarkers], setScale: [syncX] },
    };
    var chart = new uPlot(opts, columns, element);
    charts.push(chart);
    return chart;
  }

  var builders = {
    loss: function (element) {
      var log = data.lossLogScale;
      makeChart(element,
        [line('loss', '#2563eb', 'y')],
        { y: log ? { distr: 3, log: 10 } : {} },
        [yAxis('y', log, 3)],
        [t.step, log ? positiveOrNull(t.loss) : t.loss]);
    },
    gradNorm: function (element) {
      var log = data.gradNormLogScale;
      var prep = log ? positiveOrNull : function (v) { return v; };
      var series = [line('pre-clip', '#2563eb', 'y'), line('after clip', '#16a34a', 'y')];
      var columns = [t.step, prep(t.gradNorm), prep(t.gradNormAfter)];
      if (data.hasClipThreshold) {
        series.push(line('clip threshold', '#64748b', 'y', { dash: [6, 4], width: 1.5 }));
        columns.push(prep(t.clipThreshold));
      }
      makeChart(element, series, { y: log ? { distr: 3, log: 10 } : {} }, [yAxis('y', log, 3)], columns);
    },
    lr: function (element) {
      var log = data.lrLogScale;
      var series = [line('learning rate', '#0f766e', 'lr')];
      var axes = [yAxis('lr', log, 3)];
      var columns = [t.step, log ? positiveOrNull(t.lr) : t.lr];
      var scales = { lr: log ? { distr: 3, log: 10 } : {} };
      if (data.hasLossScale) {
        series.push(line('loss scale', '#b45309', 'ls', { paths: uPlot.paths.stepped({ align: 1 }), spanGaps: true, value: function (u, v) { return fmtPow2(v); } }));
        axes.push(Object.assign(yAxis('ls', false, 1), { values: function (u, splits) { return splits.map(function (v) { return v == null ? '' : fmtPow2(v); }); } }));
        columns.push(positiveOrNull(t.lossScale));
        scales.ls = { distr: 3, log: 2 };
      }
      makeChart(element, series, scales, axes, columns);
    },
    accuracy: function (element) {
      // One x array for every chart keeps their x ranges (and so zoom) identical.
      var byStep = {};
      data.evaluations.forEach(function (e) { byStep[e.step] = e.accuracy; });
      var steps = Array.from(new Set(t.step.concat(data.evaluations.map(function (e) { return e.step; }))))
        .sort(function (a, b) { return a - b; });
      var accuracy = steps.map(function (s) { return s in byStep ? byStep[s] : null; });
      makeChart(element,
        [line('accuracy', '#16a34a', 'y', { spanGaps: true, width: 1.5, points: { show: true, size: 6, fill: '#16a34a' }, value: function (u, v) { return v == null ? '—' : (v * 100).toFixed(2) + '%'; } })],
        { y: {} },
        [Object.assign(yAxis('y', false, 3), { values: function (u, splits) { return splits.map(function (v) { return (v * 100).toFixed(1) + '%'; }); } })],
        [steps, accuracy]);
    },
  };

  document.querySelectorAll('.chart[data-chart]').forEach(function (element) {
    var build = builders[element.getAttribute('data-chart')];
    if (build) build(element);
  });

  document.querySelectorAll('.legend-item[data-kind]').forEach(function (button) {
    button.addEventListener('click', function () {
      var kind = button.getAttribute('data-kind');
      hiddenKinds[kind] = !hiddenKinds[kind];
      button.setAttribute('aria-pressed', hiddenKinds[kind] ? 'false' : 'true');
      charts.forEach(function (chart) { chart.redraw(false, false); });
    });
  });

  var resizePending = false;
  window.addEventListener('resize', function () {
    if (resizePending) return;
    resizePending = true;
    requestAnimationFrame(function () {
      resizePending = false;
      charts.forEach(function (chart) {
        chart.setSize({ width: chart.root.parentNode.clientWidth, height: HEIGHT });
      });
    });
  });
})();
`;
