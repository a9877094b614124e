import { z } from 'zod';

/** An id, a type or a building: letters, digits and `._:-` only, so no free text ever reaches the hub's tables. */
const token = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);

/** The attributes of a district's CloudEvent (structured mode) the hub keeps; `data` is read, never stored. */
const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: token,
  type: z.string().regex(/^org\.mutualaid\.[a-z]+\.[a-z]+$/),
  source: z.string().regex(/^mutual-aid-bot\/[A-Za-z0-9_-]{1,64}$/),
  subject: token,
  time: z.iso.datetime({ offset: true }),
  data: z.unknown().optional(),
});

const isoTime = z.iso.datetime({ offset: true });

const needData = z.object({
  building: token,
  status: z.enum(['open', 'claimed', 'done', 'cancelled']),
  priority: z.enum(['urgent', 'high', 'normal']),
  /** When it was posted; absent in events of bots older than the hub's overview of ages. */
  createdAt: isoTime.optional(),
});

const count = z.number().int().min(0);
const deliveredData = z.object({
  hubAlert: token,
  buildings: count,
  delivered: count,
  failed: count,
});

const checkinData = z.object({ building: token, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), missed: count });
const noticeData = z.object({
  buildings: z.array(token).max(10_000),
  level: z.enum(['info', 'blue', 'yellow', 'orange', 'red']),
  sentAt: isoTime,
});
const surveyData = z.object({ building: token, households: count, answered: count });
/** What a district's `notice.acknowledged` carries: the building's counts as the notice's card shows them. */
const ackData = z.object({ notice: count, building: token, acknowledged: count, households: count });

/** An event as the hub stores it: its attributes, and the counts or states it derives from `data`. */
export interface IncomingEvent {
  id: string;
  /** `need.created`, without the `org.mutualaid.` prefix. */
  type: string;
  /** The building (or committee) of `source`. */
  source: string;
  subject: string;
  time: Date;
  /** For a `need.*` event: the need's state after the change (never its text, asker or unit). */
  need?: z.output<typeof needData>;
  /** For `alert.delivered` of a city alert: how far it reached in the district. */
  delivered?: z.output<typeof deliveredData>;
  /** For `checkin.missed`: how many of the building's check-ins went unanswered that day (never which). */
  checkinsMissed?: z.output<typeof checkinData>;
  /** For `notice.sent` and `alert.issued|lowered`: the level, time and buildings (never the text). */
  notice?: z.output<typeof noticeData>;
  /** For `survey.updated`: the building's households and how many answered (never an answer). */
  survey?: z.output<typeof surveyData>;
  /** For `notice.acknowledged`: how many of the building's households acknowledged the notice (never which). */
  acknowledged?: z.output<typeof ackData>;
}

/**
 * Reads a district's CloudEvent body. Returns undefined when it is not one (not JSON, an attribute missing or of an
 * unexpected shape): the request is refused (400) and nothing is stored.
 */
export function parseIncomingEvent(body: Buffer): IncomingEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cloudEventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const type = event.type.slice('org.mutualaid.'.length);
  const incoming: IncomingEvent = {
    id: event.id,
    type,
    source: event.source.slice('mutual-aid-bot/'.length),
    subject: event.subject,
    time: new Date(event.time),
  };
  if (type.startsWith('need.')) {
    const need = needData.safeParse(event.data);
    if (need.success) incoming.need = need.data;
  }
  if (type === 'alert.delivered') {
    const delivered = deliveredData.safeParse(event.data);
    if (delivered.success) incoming.delivered = delivered.data;
  }
  if (type === 'checkin.missed') {
    const missed = checkinData.safeParse(event.data);
    if (missed.success) incoming.checkinsMissed = missed.data;
  }
  if (type === 'notice.sent' || type === 'alert.issued' || type === 'alert.lowered') {
    const notice = noticeData.safeParse(event.data);
    if (notice.success) incoming.notice = notice.data;
  }
  if (type === 'survey.updated') {
    const survey = surveyData.safeParse(event.data);
    if (survey.success) incoming.survey = survey.data;
  }
  if (type === 'notice.acknowledged') {
    const acknowledged = ackData.safeParse(event.data);
    if (acknowledged.success) incoming.acknowledged = acknowledged.data;
  }
  return incoming;
}
