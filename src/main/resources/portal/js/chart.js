// The success/failure chart: hand-made SVG, stacked bars per time bucket and the success rate as a line.
import { svg } from './dom.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 36, right: 40, top: 12, bottom: 26 };

/**
 * buckets: [{label, start (Date), succeeded, failed}] oldest first. Failed counts FAILED, TIMED_OUT and REJECTED.
 */
export function outcomeChart(buckets) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...buckets.map(b => b.succeeded + b.failed));
  const scale = niceMax(max);
  const step = plotW / Math.max(1, buckets.length);
  const barW = Math.max(2, step * 0.7);
  const y = value => PAD.top + plotH - (value / scale) * plotH;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-label': 'Device executions per hour: succeeded and failed, with the success rate',
  });
  for (const fraction of [0, 0.5, 1]) {
    const value = scale * fraction;
    chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: 'grid' }));
    chart.append(
      svg(
        'text',
        { x: PAD.left - 6, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' },
        Number.isInteger(value) ? value : value.toFixed(1),
      ),
    );
    chart.append(
      svg(
        'text',
        { x: WIDTH - PAD.right + 6, y: PAD.top + plotH - fraction * plotH + 4, class: 'axis' },
        Math.round(fraction * 100) + '%',
      ),
    );
  }
  const ratePoints = [];
  buckets.forEach((bucket, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    const total = bucket.succeeded + bucket.failed;
    if (bucket.succeeded) {
      chart.append(
        svg(
          'rect',
          { x, y: y(bucket.succeeded), width: barW, height: y(0) - y(bucket.succeeded), class: 'bar-ok' },
          svg('title', {}, `${bucket.label}: ${bucket.succeeded} succeeded`),
        ),
      );
    }
    if (bucket.failed) {
      chart.append(
        svg(
          'rect',
          { x, y: y(total), width: barW, height: y(bucket.succeeded) - y(total), class: 'bar-failed' },
          svg('title', {}, `${bucket.label}: ${bucket.failed} failed`),
        ),
      );
    }
    if (total) ratePoints.push([x + barW / 2, PAD.top + plotH - (bucket.succeeded / total) * plotH]);
    if (i % Math.ceil(buckets.length / 8) === 0) {
      chart.append(
        svg('text', { x: x + barW / 2, y: HEIGHT - 8, class: 'axis', 'text-anchor': 'middle' }, bucket.label),
      );
    }
  });
  if (ratePoints.length > 1) {
    chart.append(svg('polyline', { points: ratePoints.map(p => p.join(',')).join(' '), class: 'rate' }));
  }
  for (const [x, yy] of ratePoints) chart.append(svg('circle', { cx: x, cy: yy, r: 2.5, class: 'rate-dot' }));
  return chart;
}

function niceMax(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 4, 5, 10]) {
    if (value <= factor * magnitude) return factor * magnitude;
  }
  return value;
}

/** Hourly buckets for the last `hours` hours from jobs (their counts, by creation time). */
export function hourlyBuckets(jobs, hours = 24, now = new Date()) {
  const end = new Date(now);
  end.setMinutes(0, 0, 0);
  const buckets = [];
  for (let i = hours - 1; i >= 0; i--) {
    const start = new Date(end.getTime() - i * 3600_000);
    buckets.push({
      start,
      label: start.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      succeeded: 0,
      failed: 0,
    });
  }
  const first = buckets[0].start.getTime();
  for (const job of jobs) {
    const index = Math.floor((new Date(job.created_at).getTime() - first) / 3600_000);
    if (index < 0 || index >= buckets.length) continue;
    buckets[index].succeeded += job.succeeded_count || 0;
    buckets[index].failed += (job.failed_count || 0) + (job.timed_out_count || 0) + (job.rejected_count || 0);
  }
  return buckets;
}
