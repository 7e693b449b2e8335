import { certificates } from './service';
import type { Region, RainbondState } from './types';

/** The console's defaults for a page it cannot read (openapi/v2/views/region_view.py). */
const DEFAULT_PAGE = 1;
const DEFAULT_PAGE_SIZE = 99;

/** A whole number from 1 up, or the default: the console falls back on what `int()` refuses. */
function pageNumber(raw: unknown, fallback: number): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[+-]?\d+$/.test(text)) return fallback;
  // Python's int() has no upper bound: a huge page is simply past the end.
  const value = Number(text);
  return value >= 1 ? value : fallback;
}

/** A region as the list shows it (RegionInfoRespSerializer); a region without figures reports zeros. */
export function regionListItem(region: Region): Record<string, unknown> {
  return {
    region_id: region.region_id,
    enterprise_id: region.enterprise_id ?? '',
    enterprise_alias: region.enterprise_alias ?? '',
    region_name: region.region_name,
    region_alias: region.region_alias,
    region_type: region.region_type ?? [],
    url: region.url,
    wsurl: region.wsurl,
    httpdomain: region.httpdomain,
    tcpdomain: region.tcpdomain,
    status: region.status,
    desc: region.desc ?? '',
    ...certificates(region),
    total_memory: region.total_memory ?? 0,
    used_memory: region.used_memory ?? 0,
    total_cpu: region.total_cpu ?? 0,
    used_cpu: region.used_cpu ?? 0,
    total_disk: region.total_disk ?? 0,
    used_disk: region.used_disk ?? 0,
    rbd_version: region.rbd_version ?? null,
  };
}

/** One page of the regions whose name or alias holds `query`, with how many match in all. */
export function listRegions(state: RainbondState, query: Record<string, unknown>) {
  const needle = typeof query.query === 'string' ? query.query.trim().toLowerCase() : '';
  const matching = state.regions.filter(
    (r) => r.region_name.toLowerCase().includes(needle) || r.region_alias.toLowerCase().includes(needle),
  );
  const page = pageNumber(query.current, DEFAULT_PAGE);
  const size = pageNumber(query.pageSize, DEFAULT_PAGE_SIZE);
  const start = (page - 1) * size;
  return { total: matching.length, data: matching.slice(start, start + size).map(regionListItem) };
}
