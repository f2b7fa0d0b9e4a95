import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION,
  type PlatformServiceHealth,
} from '@internal/plugin-lakehouse-common';
import {
  DetailList,
  formatTime,
  lakehouseApiRef,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import { LoadState } from '../common/LoadState';

const TITLES: Record<PlatformServiceHealth['service'], string> = {
  nessie: 'Nessie',
  s3: 'Object store (S3)',
};

function Status(props: { health: PlatformServiceHealth }) {
  const { health } = props;
  if (!health.reachable) return <StatusError>unreachable</StatusError>;
  if (health.error)
    return <StatusWarning>reachable, with a problem</StatusWarning>;
  return <StatusOK>reachable</StatusOK>;
}

/** The health of the platform service the entity is (`lakehouse.io/platform-service`), checked every 10 s. */
export function PlatformServiceCard() {
  const { entity } = useEntity();
  const service =
    entity.metadata.annotations?.[LAKEHOUSE_PLATFORM_SERVICE_ANNOTATION];
  const api = useApi(lakehouseApiRef);
  const health = usePolling(() => api.getPlatformHealth(), [api]);
  const title =
    service && service in TITLES
      ? TITLES[service as PlatformServiceHealth['service']]
      : service;
  return (
    <InfoCard title={`${title} health`}>
      <LoadState
        state={health}
        waitingFor={`Checking ${title}…`}
        failure={`Could not check ${title}`}
      >
        {value => {
          const item = value.items.find(i => i.service === service);
          if (!item) {
            return (
              <Typography variant="body2">
                The portal does not check '{service}': it checks{' '}
                {value.items.map(i => i.service).join(' and ')}.
              </Typography>
            );
          }
          return (
            <>
              <DetailList
                label={`${title} health`}
                rows={[
                  ['Status', <Status health={item} />],
                  ['Endpoint', item.url],
                  [
                    'Latency',
                    item.latencyMs === undefined
                      ? undefined
                      : `${item.latencyMs} ms`,
                  ],
                  ['Version', item.version],
                  [
                    item.contents.label === 'buckets'
                      ? 'Buckets'
                      : 'Branches and tags',
                    item.contents.names.length
                      ? item.contents.names.join(', ')
                      : undefined,
                  ],
                  ['Checked', formatTime(item.checkedAt)],
                ]}
              />
              {item.error && (
                <Typography variant="body2" color="error" role="alert">
                  {item.error}
                </Typography>
              )}
            </>
          );
        }}
      </LoadState>
    </InfoCard>
  );
}
