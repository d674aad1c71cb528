import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from 'recharts';
import { type Estimate, formatCount } from './api.js';

/** One bar of the chart: a count and, on the total, how far the interval reaches either side. */
export interface EstimateBar {
  name: string;
  value: number;
  colour: string;
  /** [below, above] the value; only the estimated total has one. */
  interval?: [number, number];
}

/**
 * The bars the chart shows: people seen on at least one list, the estimated unseen, and the
 * estimated total with its interval (no upper whisker when the interval has no finite upper limit).
 *
 * @example
 * estimateBars({ observed: 123, estimate: 157, interval: { low: 131, high: 248, … } });
 * // [{ name: 'Seen on a list', value: 123 }, { name: 'Estimated unseen', value: 34 }, { …, interval: [26, 91] }]
 */
export function estimateBars(
  report: Pick<Estimate, 'observed' | 'estimate' | 'interval'>,
): EstimateBar[] {
  const { observed, estimate, interval } = report;
  return [
    { name: 'Seen on a list', value: observed, colour: '#1c7ed6' },
    { name: 'Estimated unseen', value: Math.max(0, estimate - observed), colour: '#f08c00' },
    {
      name: 'Estimated total',
      value: estimate,
      colour: '#0ca678',
      interval: [
        Math.max(0, estimate - interval.low),
        interval.high === null ? 0 : Math.max(0, interval.high - estimate),
      ],
    },
  ];
}

/** Observed and estimated hidden people, and the total with its interval as a whisker. */
export function EstimateChart({
  report,
}: {
  report: Pick<Estimate, 'observed' | 'estimate' | 'interval'>;
}) {
  const bars = estimateBars(report);
  const unseen = bars[1]?.value ?? 0;
  const label = `Bar chart: ${formatCount(report.observed)} people seen on at least one list, about ${formatCount(unseen)} estimated unseen, ${formatCount(report.estimate)} in all (interval ${formatCount(report.interval.low)} to ${report.interval.high === null ? 'no finite upper limit' : formatCount(report.interval.high)}).`;
  return (
    <div role="img" aria-label={label} data-testid="estimate-chart" style={{ overflowX: 'auto' }}>
      <BarChart width={560} height={280} data={bars} margin={{ top: 16, right: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" />
        <YAxis tickFormatter={(value: number) => formatCount(value)} />
        <Tooltip formatter={(value) => formatCount(Number(value))} />
        <Bar dataKey="value" name="People" isAnimationActive={false}>
          {bars.map((bar) => (
            <Cell key={bar.name} fill={bar.colour} />
          ))}
          <ErrorBar dataKey="interval" width={12} strokeWidth={2} stroke="#343a40" />
        </Bar>
      </BarChart>
    </div>
  );
}
