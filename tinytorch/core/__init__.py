"""The core of TinyTorch: tensors (Module 01) and activations (Module 02)."""
