import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import type { TableDetailResponse } from '@internal/plugin-lakehouse-common';
import { SimpleTable } from '../common/SimpleTable';

/** The current schema: nested fields indented under their parent. */
export function SchemaTable(props: { detail: TableDetailResponse }) {
  return (
    <InfoCard title={`Schema (${props.detail.fields.length} fields)`}>
      <SimpleTable
        label="Schema"
        rows={props.detail.fields}
        rowKey={f => String(f.id)}
        empty="The table has no columns."
        columns={[
          { title: 'Id', render: f => f.id },
          {
            title: 'Column',
            render: f => (
              <Box component="span" pl={f.depth * 2} fontFamily="monospace">
                {f.name}
              </Box>
            ),
          },
          { title: 'Type', render: f => f.type },
          { title: 'Required', render: f => (f.required ? 'yes' : 'no') },
          { title: 'Doc', render: f => f.doc ?? '' },
        ]}
      />
    </InfoCard>
  );
}
