import sys

from embodia.cli import main

sys.exit(main())
