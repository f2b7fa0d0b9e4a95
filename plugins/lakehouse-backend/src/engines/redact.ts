/**
 * One redaction registry for the whole backend: the lakehouse-node one, which the audit path
 * (`AuditedActions`) uses too, so a secret registered here is masked there.
 */
export {
  redactDeep,
  redactSecrets,
  registerSecret,
} from '@internal/plugin-lakehouse-node';
