import type { BotConfig } from '../../config/index.ts';
import type { Translate } from '../../core/translate.ts';
import type { DueCheck } from '../../jobs/scheduler.ts';
import { refreshBoard } from './board.messages.ts';
import { auditChangesSince } from './board.store.ts';
import { BoardWatch } from './board.ts';

/**
 * Keeps every building's board current. A first check reads what the audit log recorded since the last tick (one
 * range read by primary key, however long the log), then one check per building renders its board only if it may
 * have changed ({@link BoardWatch}) and queues an edit when it did and its last edit is a minute old. One check per
 * building, like one digest job per building: the scheduler gives the event loop back between them, so a thousand
 * busy boards never hold up the answers.
 */
export function boardDueChecks(config: BotConfig, translate: Translate): DueCheck[] {
  const watch = new BoardWatch(config.buildings.map((b) => b.id));
  return [
    {
      name: 'board:watch',
      run(tx) {
        watch.observe(auditChangesSince(tx, watch.auditCursor));
      },
    },
    ...config.buildings.map(
      (entry): DueCheck => ({
        name: `board:${entry.id}`,
        mayBeDue: (now) => watch.isDue(entry.id, now),
        run(tx, now) {
          if (!watch.isDue(entry.id, now)) return;
          const outcome = refreshBoard(tx, translate, config, entry.id, now);
          if (outcome.kind === 'none') {
            watch.settleWithoutBoard(entry.id);
            return;
          }
          watch.settle(entry.id, outcome.kind === 'waiting' ? outcome.until : outcome.steadyUntil);
        },
      }),
    ),
  ];
}
