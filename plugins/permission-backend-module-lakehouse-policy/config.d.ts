export interface Config {
  lakehouse?: {
    permissions?: {
      /**
       * Entity refs (groups or users, e.g. `group:default/data-platform`) whose members may submit jobs
       * (`lakehouse.job.submit`, hence run the submitting templates) and act on the jobs they own
       * (`lakehouse.job.cancel`: jobs they submitted, or whose catalog entity their group owns).
       * Absent: every signed-in user may (the local default).
       */
      jobSubmitters?: string[];
      /**
       * Entity refs of the platform admins: they may act on every job and use the admin-level
       * permissions (the Kubernetes proxy, deleting catalog entities and locations, template
       * management), which everyone else is denied. Absent: nobody has them.
       */
      admins?: string[];
    };
  };
}
