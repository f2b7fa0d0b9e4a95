import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePolling } from '@internal/plugin-lakehouse-react';
import Grid from '@material-ui/core/Grid';
import { recommenderApiRef } from '../api';
import { AccuracyCard } from './AccuracyCard';
import { CardBoundary } from './CardBoundary';
import { ModelVersionsCard } from './ModelVersionsCard';
import { ServeHealthCard } from './ServeHealthCard';
import { TrainingRunsCard } from './TrainingRunsCard';
import { TryItCard } from './TryItCard';

/**
 * The recommender's page: model versions and their accuracy (promote, roll back), the trainer's
 * Ray jobs, the Ray Serve application's health, and recommendations to try. Each card asks for
 * its own data and fails on its own.
 */
export function RecommenderPage(props: {
  trainingInstance: string;
  trainingJobName: string;
}) {
  const api = useApi(recommenderApiRef);
  // Shared by the versions table and the accuracy chart; a promotion refreshes it at once.
  const versions = usePolling(() => api.getVersions(), [api], {
    intervalMs: 15_000,
  });
  return (
    <Page themeId="tool">
      <Header
        title="Recommendations"
        subtitle="The product recommender: trained on Ray, served by Ray Serve"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <CardBoundary title="Model versions">
              <ModelVersionsCard versions={versions} />
            </CardBoundary>
          </Grid>
          <Grid item xs={12} lg={7}>
            <CardBoundary title="Accuracy insights">
              <AccuracyCard versions={versions} />
            </CardBoundary>
          </Grid>
          <Grid item xs={12} lg={5}>
            <CardBoundary title="Serve health">
              <ServeHealthCard
                promotedVersionId={versions.value?.promoted?.versionId}
              />
            </CardBoundary>
          </Grid>
          <Grid item xs={12}>
            <CardBoundary title="Try it">
              <TryItCard />
            </CardBoundary>
          </Grid>
          <Grid item xs={12}>
            <CardBoundary title="Training runs">
              <TrainingRunsCard
                instance={props.trainingInstance}
                jobName={props.trainingJobName}
              />
            </CardBoundary>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
