// Digest schedules: `{every: 'day', at: '09:00', timeZone: 'Asia/Seoul'}` and friends, or a cron subset,
// turned into "the next time strictly after t". Pure: the caller passes the clock.
import { KachiError } from '../errors.ts';
import { WEEKDAYS, type AlertSchedule } from './types.ts';

/** Alerts are Korean-first: schedules without a time zone run on Korean time. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** A schedule as the sets of minutes, hours and weekdays (0 = Sunday) it fires on, in `timeZone`. */
interface Cron {
  minutes: number[];
  hours: number[];
  weekdays: Set<number>;
  timeZone: string;
}

function scheduleError(message: string): KachiError {
  return new KachiError('invalid_alert_schedule', `Invalid value at \`.schedule\`: ${message}`);
}

/** `'09:30'` → [9, 30]. */
function readClock(at: string | undefined, fallback: string): [number, number] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at ?? fallback);
  if (match === null)
    throw scheduleError(`\`at\` must be a time such as \`09:00\` (24-hour, HH:MM), not \`${at}\`.`);
  return [Number(match[1]), Number(match[2])];
}

/** One cron field: `*`, `*\/15`, `5`, `1-5`, `1-5/2`, or a comma list of those, within [min, max]. */
function readCronField(field: string, min: number, max: number, name: string): number[] {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (match === null)
      throw scheduleError(
        `the cron ${name} field \`${field}\` is not understood; use \`*\`, \`*/n\`, \`a\`, \`a-b\` or lists.`,
      );
    const from = match[1] === '*' ? min : Number(match[2]);
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : from;
    const step = match[4] !== undefined ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1)
      throw scheduleError(`the cron ${name} field \`${field}\` must stay within ${min}-${max}.`);
    for (let value = from; value <= to; value += step) out.add(value);
  }
  return [...out].sort((a, b) => a - b);
}

function fromCron(expression: string, timeZone: string): Cron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    throw scheduleError(
      `\`cron\` needs five fields (minute hour day-of-month month day-of-week), got \`${expression}\`.`,
    );
  const [minute = '', hour = '', dayOfMonth, month, dayOfWeek = ''] = fields;
  if (dayOfMonth !== '*' || month !== '*')
    throw scheduleError(
      'in `cron`, day of month and month must be `*`: Kachi supports minute, hour and day of week.',
    );
  const weekdays = readCronField(dayOfWeek, 0, 7, 'day-of-week').map((day) => day % 7);
  return {
    minutes: readCronField(minute, 0, 59, 'minute'),
    hours: readCronField(hour, 0, 23, 'hour'),
    weekdays: new Set(weekdays),
    timeZone,
  };
}

const EVERY_DAY = new Set([0, 1, 2, 3, 4, 5, 6]);
const ALL_HOURS = Array.from({ length: 24 }, (_, h) => h);

function toCron(schedule: AlertSchedule): Cron {
  const timeZone = schedule.timeZone ?? DEFAULT_TIME_ZONE;
  if ('cron' in schedule) return fromCron(schedule.cron, timeZone);
  if (schedule.every === 'hour') {
    const minute = schedule.minute ?? 0;
    if (!Number.isInteger(minute) || minute < 0 || minute > 59)
      throw scheduleError('`minute` must be an integer from 0 to 59.');
    return { minutes: [minute], hours: ALL_HOURS, weekdays: EVERY_DAY, timeZone };
  }
  const [hour, minute] = readClock(schedule.at, '09:00');
  if (schedule.every === 'day') return { minutes: [minute], hours: [hour], weekdays: EVERY_DAY, timeZone };
  const day = WEEKDAYS.indexOf(schedule.on ?? 'mon');
  if (day === -1) throw scheduleError(`\`on\` must be one of ${WEEKDAYS.map((d) => `\`${d}\``).join(', ')}.`);
  return { minutes: [minute], hours: [hour], weekdays: new Set([day]), timeZone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw scheduleError(
        `\`timeZone\` must be an IANA time zone such as \`Asia/Seoul\`, not \`${timeZone}\`.`,
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of instant `t` in `timeZone`. */
function wallClock(
  t: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(t))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far `timeZone` is ahead of UTC at instant `t`, in ms (Seoul: +9 h). */
function offsetAt(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  return (
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (t - (((t % 1000) + 1000) % 1000))
  );
}

/** The instant at which the wall clock of `timeZone` reads the given time (a DST gap moves it by the shift). */
function zonedToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  return second;
}

/** Throws `invalid_alert_schedule` unless the schedule can fire. */
export function checkSchedule(schedule: AlertSchedule): void {
  const cron = toCron(schedule);
  formatterFor(cron.timeZone);
  if (cron.weekdays.size === 0 || cron.hours.length === 0 || cron.minutes.length === 0)
    throw scheduleError('it never fires.');
}

/**
 * The first firing time strictly after `after` (ms since the epoch).
 * @example nextFireTime({every: 'day', at: '09:00'}, Date.parse('2026-03-02T01:00:00Z')) // → 2026-03-03T00:00:00Z (09:00 KST)
 */
export function nextFireTime(schedule: AlertSchedule, after: number): number {
  const cron = toCron(schedule);
  const today = wallClock(after, cron.timeZone);
  // Eight local days always hold a firing time of a schedule that fires on at least one weekday.
  for (let offset = 0; offset <= 8; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (!cron.weekdays.has(date.getUTCDay())) continue;
    for (const hour of cron.hours)
      for (const minute of cron.minutes) {
        const t = zonedToUtc(
          date.getUTCFullYear(),
          date.getUTCMonth() + 1,
          date.getUTCDate(),
          hour,
          minute,
          cron.timeZone,
        );
        if (t > after) return t;
      }
  }
  throw scheduleError('it never fires.');
}
