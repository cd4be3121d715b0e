"""An embedded emulator of the Azure Resource Manager endpoints the tool uses."""
