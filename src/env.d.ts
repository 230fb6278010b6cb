/** True only in the e2e test build (scripts/build.ts --test), where tests may load the scripted fake engine. */
declare const __HEARTH_TEST__: boolean;
