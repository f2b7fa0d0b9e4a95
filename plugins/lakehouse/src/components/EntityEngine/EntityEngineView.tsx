import Box from '@material-ui/core/Box';
import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { LAKEHOUSE_ENGINE_ANNOTATION } from '@internal/plugin-lakehouse-common';
import { EngineInstances } from '../EngineInstances';
import { EntityJobStatus } from './EntityJobStatus';
import { readEntityEngineRef } from './entityEngineRef';

/**
 * The entity's engine or job: instances (cluster and jobs) for a platform
 * component, the job's state and detail for a job entity.
 */
export function EntityEngineView(props: { variant: 'card' | 'content' }) {
  const { entity } = useEntity();
  const ref = readEntityEngineRef(entity);
  if (ref.kind === 'invalid') {
    return (
      <WarningPanel
        severity="error"
        title={`Unknown engine '${ref.rawEngine}'`}
        defaultExpanded
      >
        The annotation {LAKEHOUSE_ENGINE_ANNOTATION} must be spark, flink or
        ray.
      </WarningPanel>
    );
  }
  if (ref.kind === 'job') {
    return <EntityJobStatus {...ref} variant={props.variant} />;
  }
  const view = (
    <EngineInstances
      engine={ref.engine}
      instances={ref.instance ? [ref.instance] : undefined}
      compact={props.variant === 'card'}
    />
  );
  return props.variant === 'content' ? <Box p={2}>{view}</Box> : view;
}

/** The "Engine" entity tab. */
export function EntityEngineContent() {
  return <EntityEngineView variant="content" />;
}

/** The engine card of the entity overview. */
export function EntityEngineCard() {
  return <EntityEngineView variant="card" />;
}
