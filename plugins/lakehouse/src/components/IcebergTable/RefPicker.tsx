import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { NessieRefsResponse } from '@internal/plugin-lakehouse-common';

/** A Nessie branch or tag; `value` undefined is the default branch. */
export function RefPicker(props: {
  label: string;
  refs?: NessieRefsResponse;
  value?: string;
  onChange(ref: string): void;
  /** Offer "none" as the empty choice (e.g. for a comparison not chosen yet). */
  noneLabel?: string;
}) {
  const { label, refs, value, onChange, noneLabel } = props;
  const current = value ?? (noneLabel ? '' : refs?.defaultBranch ?? '');
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label={label}
      value={current}
      onChange={e => onChange(String(e.target.value))}
      disabled={!refs}
      style={{ minWidth: 220 }}
      SelectProps={{ inputProps: { 'aria-label': label } }}
    >
      {noneLabel && <MenuItem value="">{noneLabel}</MenuItem>}
      {(refs?.references ?? []).map(r => (
        <MenuItem key={r.name} value={r.name}>
          {r.name} ({r.type === 'TAG' ? 'tag' : 'branch'})
        </MenuItem>
      ))}
      {/* The current value stays selectable while the list loads or if it is gone. */}
      {current && !refs?.references.some(r => r.name === current) && (
        <MenuItem value={current}>{current}</MenuItem>
      )}
    </TextField>
  );
}
