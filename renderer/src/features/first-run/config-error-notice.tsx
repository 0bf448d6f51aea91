import { useAppStore } from '../../store/store.js';
import { configFileCopy } from './failure-copy.js';
import { FailureDetails } from './failure-notice.js';

/**
 * Shown on every pane while the config file cannot be used (main's AppState.configError): which file and
 * field, what the app does meanwhile, and how to fix it. Gone as soon as a save clears the error.
 */
export function ConfigErrorNotice() {
  const message = useAppStore((s) => s.app?.configError ?? null);
  if (!message) return null;
  const copy = configFileCopy(message);
  return (
    <section
      className={`failure failure-${copy.kind} config-error`}
      role="alert"
      aria-label={copy.title}
      data-failure={copy.kind}
    >
      <h2 className="failure-title">{copy.title}</h2>
      <FailureDetails copy={copy} copyKey="config-file" />
    </section>
  );
}
