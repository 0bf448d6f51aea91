import { useActions } from '../store/actions.js';
import { useAppStore } from '../store/store.js';

/** Copies `text` and shows "Copied" (or the failure) right beside the button, announced politely. */
export function CopyButton({ copyKey, text, label }: { copyKey: string; text: string; label: string }) {
  const actions = useActions();
  const feedback = useAppStore((s) => (s.copyFeedback?.key === copyKey ? s.copyFeedback : null));
  return (
    <span className="copy">
      <button
        type="button"
        className="btn btn-small"
        aria-label={label}
        onClick={() => void actions.copy(copyKey, text)}
      >
        Copy
      </button>
      <span
        className={feedback?.ok === false ? 'copy-feedback error' : 'copy-feedback'}
        role="status"
        aria-live="polite"
      >
        {feedback ? (feedback.ok ? 'Copied' : `Copy failed: ${feedback.error.message}`) : ''}
      </span>
    </span>
  );
}
