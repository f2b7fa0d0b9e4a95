import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import recommenderPlugin from '@internal/plugin-recommender';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

export default createApp({
  // The Recommendations page is listed as well as discovered (app.packages: all): the app keeps
  // one plugin per id, so it is there whatever app.packages says.
  features: [
    catalogPlugin,
    recommenderPlugin,
    navModule,
    homeModule,
    signInModule,
  ],
});
