import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import {
  LAKEHOUSE_ICEBERG_REF_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
} from '@internal/plugin-lakehouse-common';
import { lakehouseApiRef, usePolling } from '@internal/plugin-lakehouse-react';
import { useState } from 'react';
import { LoadState } from '../common/LoadState';
import { RefPicker } from './RefPicker';
import { SampleRows } from './SampleRows';
import { SchemaTable } from './SchemaTable';
import { TableHistory, useTableHistory } from './TableHistory';
import { TableDiffCard } from './TableDiffCard';
import { TableLayout, TableOverview, TableProperties } from './TableOverview';

/** The "Table" tab of an Iceberg table's entity page, at a branch or tag of Nessie. */
export function IcebergTableContent() {
  const { entity } = useEntity();
  const table =
    entity.metadata.annotations?.[LAKEHOUSE_ICEBERG_TABLE_ANNOTATION];
  if (!table) {
    return (
      <EmptyState
        missing="field"
        title="No Iceberg table"
        description={`Annotate the entity with ${LAKEHOUSE_ICEBERG_TABLE_ANNOTATION}: namespace.table to show its table.`}
      />
    );
  }
  // An entity of the table on another branch opens on that branch.
  return (
    <TableAtRef
      table={table}
      initialRef={
        entity.metadata.annotations?.[LAKEHOUSE_ICEBERG_REF_ANNOTATION]
      }
    />
  );
}

function TableAtRef(props: { table: string; initialRef?: string }) {
  const { table } = props;
  const api = useApi(lakehouseApiRef);
  const [refName, setRefName] = useState(props.initialRef);
  const refs = usePolling(() => api.getNessieRefs(), [api], { intervalMs: 0 });
  const detail = usePolling(
    () => api.getTable(table, { ref: refName }),
    [api, table, refName],
    { intervalMs: 0, keepPrevious: true },
  );
  const history = useTableHistory(table, refName);
  return (
    <Box>
      <Box mb={2}>
        <RefPicker
          label="Branch or tag"
          refs={refs.value}
          value={refName}
          onChange={setRefName}
        />
      </Box>
      <LoadState
        state={detail}
        waitingFor={`Loading ${table} from Nessie${
          refName ? ` at ${refName}` : ''
        }…`}
        failure={`Could not read ${table} from Nessie`}
      >
        {value => (
          <Grid container spacing={3} alignItems="stretch">
            <Grid item xs={12} md={6}>
              <TableOverview detail={value} />
            </Grid>
            <Grid item xs={12} md={6}>
              <TableLayout detail={value} />
            </Grid>
            <Grid item xs={12}>
              <SchemaTable detail={value} />
            </Grid>
            <Grid item xs={12}>
              <TableHistory table={table} history={history} />
            </Grid>
            <Grid item xs={12}>
              <TableProperties detail={value} />
            </Grid>
            <Grid item xs={12}>
              <TableDiffCard
                table={table}
                refName={value.ref}
                refs={refs.value}
              />
            </Grid>
            <Grid item xs={12}>
              <SampleRows table={table} refName={value.ref} />
            </Grid>
          </Grid>
        )}
      </LoadState>
    </Box>
  );
}
