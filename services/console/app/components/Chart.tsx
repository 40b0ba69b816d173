import { useEffect, useRef } from 'react';
import { echarts, FONT_FAMILY, PALETTE, type ChartOption } from '../charts.ts';

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the data is also in a table beside it). */
  label: string;
  height?: number;
  testId?: string;
}

/** One ECharts instance bound to a div: created once, options replaced, resized with its box, disposed on unmount. */
export function Chart({ option, label, height = 320, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas', locale: 'ZH' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      { color: PALETTE, textStyle: { fontFamily: FONT_FAMILY }, aria: { enabled: true }, animationDuration: 300, ...option },
      { notMerge: true },
    );
  }, [option]);

  return <div ref={ref} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
