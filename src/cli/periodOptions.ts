import { AnalyticsQuery, checkTimeZone, instantOrLocalDate, parseFilter, parsePeriod } from '../analytics';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { UsageError } from './command';

/** The options `analytics` and `export` share: the period, its time zone, the tenant and the filters. */
export const PERIOD_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
  tenant: { type: 'string' },
  channel: { type: 'string', multiple: true },
  customer: { type: 'string' },
} as const;

export const PERIOD_HELP = `  --from <when>       start of the period of thread start, inclusive: a date (YYYY-MM-DD, midnight
                      in --tz) or an instant with an offset (2026-03-01T00:00:00+01:00). Required.
  --to <when>         end of the period, exclusive, the same way. Required; at most
                      ANALYTICS_MAX_DAYS (400) days after --from.
  --tz <zone>         IANA time zone for dates and calendar buckets (default UTC)
  --tenant <id>       whose threads (default: AUTH_DEFAULT_TENANT while auth is off)
  --channel <c>       only threads that used this channel (repeatable: VOICE, WEB_CHAT, EMAIL, SMS,
                      SOCIAL, MESSAGING, VIDEO)
  --customer <key>    only this customer's threads (their externalId)`;

export interface PeriodValues {
  from?: string;
  to?: string;
  tz?: string;
  tenant?: string;
  channel?: string[];
  customer?: string;
}

/** The tenant and the checked query the options name; bad values are usage errors that say what was expected. */
export function queryOf(values: PeriodValues, config: Config): { tenant: string; query: AnalyticsQuery } {
  return asUsage(() => {
    const tz = values.tz ?? 'UTC';
    if (values.from === undefined) throw new UsageError('--from is required (a date such as 2026-03-01, or an instant with an offset)');
    if (values.to === undefined) throw new UsageError('--to is required (a date such as 2026-04-01, or an instant with an offset)');
    const zone = checkTimeZone(tz, '--tz');
    const period = parsePeriod(
      { from: instantOrLocalDate(values.from, zone, '--from'), to: instantOrLocalDate(values.to, zone, '--to'), timeZone: zone },
      config.analytics.maxDays,
    );
    const filter = parseFilter({ channels: values.channel ?? null, externalId: values.customer ?? null });
    return { tenant: tenantOf(values.tenant, config), query: { period, filter } };
  });
}

function tenantOf(given: string | undefined, config: Config): string {
  if (given !== undefined && given.trim() !== '') return given;
  if (config.auth.mode === 'off') return config.auth.defaultTenant;
  throw new UsageError('--tenant is required when auth is configured (there is no default tenant)');
}

/** Runs `work`, turning the service's BAD_USER_INPUT refusals into usage errors (exit 2, with the help). */
export function asUsage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ThreadgraphError && error.code === 'BAD_USER_INPUT') throw new UsageError(error.message);
    throw error;
  }
}
