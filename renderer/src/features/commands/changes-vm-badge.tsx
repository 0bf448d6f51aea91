/**
 * The one mark for a command that changes something on the VM (issue 12 §3): the same words and look in
 * the Commands pane and the command palette, so a restart never passes for a read-only check anywhere.
 */
export function ChangesVmBadge() {
  return (
    <span className="badge command-vm-badge" title="Running this changes something on the VM">
      Changes the VM
    </span>
  );
}
