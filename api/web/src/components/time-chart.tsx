import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { TableScroll } from './feedback';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const COLOURS = ['#1f5fbf', '#b3261e', '#2e7d32', '#8a4fbf', '#c77700', '#00838f'];

/**
 * A time series drawn by uPlot, sized to its container, with the same numbers
 * in a table below it (collapsed) for screen readers and for reading exact values.
 */
export function TimeChart({ title, times, series }: { title: string; times: number[]; series: ChartSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: 220,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
      axes: [{}, { size: 60 }],
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)], element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: a chart; the numbers are in the table below`} />
      <details>
        <summary>{title}: the numbers</summary>
        <TableScroll label={`${title} table`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {times.map((time, row) => (
                <tr key={time}>
                  <td>{new Date(time * 1000).toLocaleString()}</td>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[row] ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
