/** The version of this installation, shown by `jointplan --version`, the health route and the API's description. */
export const VERSION = '0.1.0';
