export interface Config {
  lakehouse?: {
    permissions?: {
      /**
       * Entity refs (groups or users, e.g. `group:default/data-platform`) whose members may submit and
       * cancel jobs (`lakehouse.job.submit`, `lakehouse.job.cancel`, hence run the submitting templates).
       * Absent: every signed-in user may (the local default).
       */
      jobSubmitters?: string[];
    };
  };
}
