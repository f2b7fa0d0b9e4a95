import { Table, TableColumn } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type { FraudAlert, FraudSummary } from '@internal/plugin-fraud-common';

const time = (iso?: string) =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';

type TopUser = FraudSummary['topUsers'][number];

const userColumns: TableColumn<TopUser>[] = [
  { title: 'User', field: 'userId' },
  { title: 'Alerts', field: 'alerts', type: 'numeric' },
  { title: 'Events in alerting windows', field: 'events', type: 'numeric' },
  { title: 'Rules', render: u => u.rules.join(', ') },
];

export function TopUsers({ users }: { users: TopUser[] }) {
  return (
    <Table<TopUser>
      title="Top flagged users"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={userColumns}
      data={users}
    />
  );
}

const alertColumns: TableColumn<FraudAlert>[] = [
  { title: 'User', field: 'userId' },
  { title: 'Rule', field: 'rule' },
  {
    title: 'Window (UTC)',
    render: a => `${time(a.windowStart)} – ${time(a.windowEnd).slice(11)}`,
  },
  { title: 'Events', field: 'eventCount', type: 'numeric' },
  { title: 'Detected', render: a => time(a.detectedAt) || '—' },
  {
    title: 'In table',
    render: a =>
      a.live ? (
        <Tooltip title="Received from the detector's alert stream; the alerts table commits it at the job's next checkpoint">
          <span>not yet (live)</span>
        </Tooltip>
      ) : (
        'yes'
      ),
  },
];

export function LatestAlerts({ alerts }: { alerts: FraudAlert[] }) {
  return (
    <Table<FraudAlert>
      title="Latest alerts"
      options={{ paging: true, pageSize: 10, search: true, padding: 'dense' }}
      columns={alertColumns}
      data={alerts}
    />
  );
}
