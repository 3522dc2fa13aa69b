import sys

from imigrasi_site.cli import main

sys.exit(main())
