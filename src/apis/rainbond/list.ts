import { ConsoleError } from './console-error';
import { emptyPage, unsupportedLookup } from './failures';
import { DRF } from './messages';
import { pythonStrip } from './serializer';
import { certificates } from './service';
import type { RainbondRelease } from './settings';
import type { Region, RainbondState } from './types';

/** The console's defaults for a page it cannot read (openapi/v2/views/region_view.py:36-44). */
const DEFAULT_PAGE = 1;
const DEFAULT_PAGE_SIZE = 99;

/** A decimal digit of any script, as its value: Unicode's decimal digits come in runs of ten from 0. */
function digitValue(ch: string): string {
  let start = ch.codePointAt(0) as number;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return String(((ch.codePointAt(0) as number) - start) % 10);
}

/** Python's `int()` of a query value: white space around, a sign, `_` between digits of any script; otherwise the view's default. */
function pythonInt(raw: unknown, fallback: number): number {
  const text = typeof raw === 'string' ? pythonStrip(raw) : '';
  if (!/^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u.test(text)) return fallback;
  return Number(text.replace(/_/g, '').replace(/\p{Nd}/gu, digitValue));
}

/**
 * Which regions the page holds (region_services.py:229-238): with a page and a size both other
 * than 0, Django's Paginator cuts the list; either 0 means every region. The documented contract
 * answers a page past the end as empty and reads a number below 0 as the default; release
 * 6.9.8 raises what its Paginator raises there (EmptyPage, a 500).
 */
function pageOf<T>(matching: T[], page: number, size: number, release: RainbondRelease | undefined): T[] {
  if (release) {
    if (page === 0 || size === 0) return matching;
    if (page < 0) throw emptyPage(true);
    if (size < 0 || page > Math.ceil(Math.max(1, matching.length) / size)) throw emptyPage(false);
  }
  const p = page < 0 ? DEFAULT_PAGE : page;
  const s = size < 0 ? DEFAULT_PAGE_SIZE : size;
  if (p === 0 || s === 0) return matching;
  return matching.slice((p - 1) * s, p * s);
}

/** A region as the list shows it (RegionInfoRespSerializer); a region without figures reports zeros. */
function regionListItem(region: Region): Record<string, unknown> {
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

/**
 * One page of the regions whose name or alias holds `query` (Django's `contains`, which tells
 * case apart), with how many match in all. Release 6.9.8 filters with a lookup Django does not
 * have (region_repo.py:113), so any query fails there.
 */
export function listRegions(state: RainbondState, query: Record<string, unknown>, release?: RainbondRelease) {
  const needle = typeof query.query === 'string' ? query.query : '';
  if (needle && release) throw unsupportedLookup();
  const matching = needle ? state.regions.filter((r) => r.region_name.includes(needle) || r.region_alias.includes(needle)) : state.regions;
  const page = pythonInt(query.current, DEFAULT_PAGE);
  const size = pythonInt(query.pageSize, DEFAULT_PAGE_SIZE);
  const data = pageOf(matching, page, size, release).map(regionListItem);
  if (release) checkAsInput(data);
  return { total: matching.length, data };
}

/** RegionInfoAndStatusRespSerializer's limits, tighter than the model's (openapi/v2/serializer/region_serializer.py:62-77). */
const LIST_LIMITS: Array<[field: string, max: number]> = [
  ['region_name', 32],
  ['region_alias', 32],
  ['desc', 128],
  ['ssl_ca_cert', 65535],
  ['cert_file', 65535],
  ['key_file', 65535],
];

/**
 * Release 6.9.8's view validates its own answer as input (region_view.py:46-47): a region whose
 * name or alias is longer than 32 characters, whose description is longer than 128 or a
 * certificate longer than 65,535, turns the whole list into a 400 naming it by its place on the page.
 */
function checkAsInput(items: Array<Record<string, unknown>>): void {
  const found = items.map((item) => {
    const errors: Record<string, string[]> = {};
    for (const [field, max] of LIST_LIMITS) if ([...String(item[field] ?? '')].length > max) errors[field] = [DRF.maxLength(max)];
    return errors;
  });
  if (found.some((errors) => Object.keys(errors).length > 0)) throw new ConsoleError({ kind: 'validation', err: { data: found } });
}
